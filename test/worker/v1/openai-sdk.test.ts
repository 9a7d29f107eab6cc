import { exports } from "cloudflare:workers";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { base, createKey, revokeKey, usageRow } from "../../kit/worker/v1.ts";

/** The official SDK, driving the real Worker through its fetch export. */
function client(apiKey: string, headers: Record<string, string> = {}): OpenAI {
  return new OpenAI({
    apiKey,
    baseURL: `${base}/v1`,
    maxRetries: 0,
    defaultHeaders: headers,
    fetch: (input, init) => exports.default.fetch(input, init),
  });
}

const messages = [{ role: "user" as const, content: "Say hello to the edge." }];

describe("the official openai SDK against /v1", () => {
  it("lists the key's models", async () => {
    const key = await createKey();
    const page = await client(key.key).models.list();
    expect(page.data.map((model) => model.id)).toEqual(expect.arrayContaining(["deepseek-chat", "deepseek-reasoner"]));
    expect(await client(key.key).models.retrieve("deepseek-reasoner")).toMatchObject({
      id: "deepseek-reasoner",
      object: "model",
    });
    await expect(client(key.key).models.retrieve("gpt-9")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("creates a non-streamed completion with usage", async () => {
    const key = await createKey();
    const completion = await client(key.key).chat.completions.create({
      model: "deepseek-chat",
      messages,
      max_tokens: 50,
    });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("streams a completion with usage in the final chunk, and meters the same numbers", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const stream = await client(key.key, { "x-request-id": requestId }).chat.completions.create({
      model: "deepseek-reasoner",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let reasoning = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as
        | { content?: string | null; reasoning_content?: string | null }
        | undefined;
      text += delta?.content ?? "";
      reasoning += delta?.reasoning_content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(reasoning.length).toBeGreaterThan(0);
    const row = await usageRow(requestId);
    expect(usage).toMatchObject({ prompt_tokens: row.prompt_tokens, completion_tokens: row.completion_tokens });
    expect(usage?.completion_tokens_details?.reasoning_tokens).toBe(row.reasoning_tokens);
  });

  it("a stream that did not ask for usage never has a chunk without a choice, and is still metered exactly", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const stream = await client(key.key, { "x-request-id": requestId }).chat.completions.create({
      model: "deepseek-reasoner",
      messages,
      stream: true,
    });
    let text = "";
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | null = null;
    for await (const chunk of stream) {
      chunks++;
      // The loop most apps write: it would throw on a usage-only chunk (`choices: []`).
      expect(chunk.choices.length).toBe(1);
      text += chunk.choices[0]?.delta.content ?? "";
      // DeepSeek's own stream: the usage rides on its last chunk, the one with the finish reason.
      if (chunk.usage) {
        expect(chunk.choices[0]?.finish_reason).toBe("stop");
        usage = chunk.usage;
      }
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text.length).toBeGreaterThan(0);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ status: "complete", estimated: 0 });
    expect(usage).toMatchObject({ prompt_tokens: row.prompt_tokens, completion_tokens: row.completion_tokens });
    expect(row.prompt_tokens).toBeGreaterThan(0);
    expect(row.reasoning_tokens).toBeGreaterThan(0);
  });

  it("surfaces errors as the SDK's typed errors", async () => {
    const key = await createKey({ rpm: 1 });
    const sdk = client(key.key);
    await expect(client("ec_not-a-real-key-000000000000000000").models.list()).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    const badRequest = sdk.chat.completions.create({ model: "deepseek-chat", messages, n: 2 });
    await expect(badRequest).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(badRequest).rejects.toMatchObject({ status: 400, param: "n" });
    await expect(sdk.chat.completions.create({ model: "gpt-7", messages })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    await sdk.chat.completions.create({ model: "deepseek-chat", messages, max_tokens: 5 });
    const limited = sdk.chat.completions.create({ model: "deepseek-chat", messages, max_tokens: 5 });
    await expect(limited).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(limited).rejects.toMatchObject({ code: "rate_limit_exceeded" });
  });

  it("a budget too small for the request is a 402 the SDK reports as insufficient_quota", async () => {
    const key = await createKey({ monthlyBudgetUsd: 0.000001 });
    const failed = client(key.key).chat.completions.create({ model: "deepseek-chat", messages });
    await expect(failed).rejects.toBeInstanceOf(OpenAI.APIError);
    await expect(failed).rejects.toMatchObject({ status: 402, code: "insufficient_quota", type: "insufficient_quota" });
  });

  it("a revoked key fails with AuthenticationError", async () => {
    const key = await createKey();
    await client(key.key).models.list();
    await revokeKey(key.id);
    await expect(client(key.key).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
