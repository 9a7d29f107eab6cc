import { exports } from "cloudflare:workers";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { base, createKey } from "./helpers.ts";

function provider(apiKey: string) {
  return createOpenAICompatible({
    name: "edgechat",
    apiKey,
    baseURL: `${base}/v1`,
    includeUsage: true,
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

  it("reports a bad key as an APICallError with status 401", async () => {
    const failed = generateText({
      model: provider("ec_bogus-key-00000000000000000000000")("deepseek-chat"),
      prompt: "Hi",
      maxRetries: 0,
    });
    await expect(failed).rejects.toSatisfy((error) => APICallError.isInstance(error) && error.statusCode === 401);
  });
});
