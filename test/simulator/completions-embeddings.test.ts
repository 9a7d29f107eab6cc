import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { parseSse, useSimulator } from "../kit/simulator.ts";

const sim = useSimulator();
const client = (path: string) => new OpenAI({ apiKey: "sk-test", baseURL: `${sim().url}${path}`, maxRetries: 0 });

describe("FIM completions", () => {
  it("DeepSeek's beta FIM fills in the middle between prompt and suffix, never thinking", async () => {
    const completion = await client("/beta").completions.create({
      model: "deepseek-flash",
      prompt: "def fib(a):",
      suffix: "    return fib(a-1) + fib(a-2)",
      max_tokens: 128,
    });
    expect(completion.object).toBe("text_completion");
    expect(completion.choices[0]).toMatchObject({
      index: 0,
      finish_reason: "stop",
      text: expect.stringContaining("11 characters before, 30 after"),
    });
    expect(completion.usage).toMatchObject({ prompt_cache_hit_tokens: 0, completion_tokens: expect.any(Number) });
    expect(completion.usage).not.toHaveProperty("completion_tokens_details");
  });

  it("stops at max_tokens and streams text_completion chunks with usage when asked", async () => {
    const short = await client("/beta").completions.create({ model: "deepseek-flash", prompt: "x", max_tokens: 2 });
    expect(short.choices[0]?.finish_reason).toBe("length");
    const res = await fetch(`${sim().url}/beta/completions`, {
      method: "POST",
      body: JSON.stringify({
        model: "deepseek-flash",
        prompt: "x",
        stream: true,
        stream_options: { include_usage: true },
      }),
    });
    const stream = parseSse(await res.text());
    expect(stream.done).toBe(true);
    expect(stream.chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: stream.chunks.length - 1 } });
  });

  it("answers an unknown model with Model Not Exist, as the chat endpoint does", async () => {
    const failure = await client("/beta")
      .completions.create({ model: "deepseek-chat", prompt: "x" })
      .catch((e: unknown) => e);
    expect((failure as { status: number }).status).toBe(400);
    expect((failure as Error).message).toContain("Model Not Exist");
  });

  it("vLLM serves /v1/completions with its own usage shape", async () => {
    const completion = await client("/engine=vllm/v1").completions.create({
      model: "my-model",
      prompt: "a",
      suffix: "b",
    });
    expect(completion.usage).toEqual({
      prompt_tokens: 5,
      completion_tokens: expect.any(Number),
      total_tokens: expect.any(Number),
      prompt_tokens_details: null,
    });
  });
});

describe("embeddings", () => {
  it("vLLM embeds a batch, the same text the same way, as floats or base64", async () => {
    const openai = client("/engine=vllm/v1");
    const result = await openai.embeddings.create({
      model: "bge-m3",
      input: ["alpha", "beta", "alpha"],
      encoding_format: "float",
    });
    expect(result.data.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(result.data[0]?.embedding).toHaveLength(1024);
    expect(result.data[0]?.embedding).toEqual(result.data[2]?.embedding);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
    // The SDK asks for base64 by default and decodes it back to floats.
    const decoded = await openai.embeddings.create({ model: "bge-m3", input: "alpha", dimensions: 8 });
    expect(decoded.data[0]?.embedding).toHaveLength(8);
  });

  it("DeepSeek has no embeddings endpoint", async () => {
    const res = await fetch(`${sim().url}/v1/embeddings`, {
      method: "POST",
      body: JSON.stringify({ model: "deepseek-flash", input: "x" }),
    });
    expect(res.status).toBe(404);
  });
});

describe("DeepSeek's base URLs", () => {
  it("serves FIM only under /beta and the Anthropic format only under /anthropic", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sim().url}${path}`, { method: "POST", body: JSON.stringify(body) });
    expect((await post("/completions", { model: "deepseek-flash", prompt: "x" })).status).toBe(404);
    expect((await post("/beta/completions", { model: "deepseek-flash", prompt: "x" })).status).toBe(200);
    const message = { model: "deepseek-flash", max_tokens: 5, messages: [{ role: "user", content: "hi" }] };
    expect((await post("/v1/messages", message)).status).toBe(404);
    expect((await post("/anthropic/v1/messages", message)).status).toBe(200);
    expect((await post("/engine=vllm/v1/messages", message)).status).toBe(200);
  });
});
