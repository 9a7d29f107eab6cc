import { exports } from "cloudflare:workers";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { base, createKey, usageRow } from "../../kit/worker/v1.ts";

function provider(apiKey: string, options: { includeUsage?: boolean; headers?: Record<string, string> } = {}) {
  return createOpenAICompatible({
    name: "edgechat",
    apiKey,
    baseURL: `${base}/v1`,
    includeUsage: options.includeUsage ?? true,
    headers: options.headers,
    fetch: (input, init) => exports.default.fetch(input, init),
  });
}

describe("the AI SDK's openai-compatible provider against /v1", () => {
  it("generates text with usage", async () => {
    const key = await createKey();
    const result = await generateText({ model: provider(key.key)("deepseek-chat"), prompt: "Hello", maxRetries: 0 });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  it("streams reasoning and text, with usage at the end", async () => {
    const key = await createKey();
    const result = streamText({
      model: provider(key.key)("deepseek-reasoner"),
      prompt: "Think, then answer.",
      maxRetries: 0,
    });
    let text = "";
    let reasoning = "";
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") text += part.text;
      if (part.type === "reasoning-delta") reasoning += part.text;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(reasoning.length).toBeGreaterThan(0);
    const usage = await result.usage;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
  });

  it("streams the whole answer to a provider that does not ask for usage, and meters it exactly", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const result = streamText({
      model: provider(key.key, { includeUsage: false, headers: { "x-request-id": requestId } })("deepseek-reasoner"),
      prompt: "Think, then answer.",
      maxRetries: 0,
    });
    let text = "";
    let reasoning = "";
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") text += part.text;
      if (part.type === "reasoning-delta") reasoning += part.text;
      expect(part.type).not.toBe("error");
    }
    expect(text.length).toBeGreaterThan(0);
    expect(reasoning.length).toBeGreaterThan(0);
    expect(await result.finishReason).toBe("stop");
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ status: "complete", estimated: 0 });
    expect(row.completion_tokens).toBeGreaterThan(0);
    // DeepSeek puts the usage on its finish chunk whether or not it was asked for; the provider reads it there.
    expect((await result.usage).inputTokens).toBe(row.prompt_tokens);
  });

  it("reports a bad key as an APICallError with status 401", async () => {
    const failed = generateText({
      model: provider("ec_bogus-key-00000000000000000000000")("deepseek-chat"),
      prompt: "Hi",
      maxRetries: 0,
    });
    await expect(failed).rejects.toSatisfy((error) => APICallError.isInstance(error) && error.statusCode === 401);
  });
});
