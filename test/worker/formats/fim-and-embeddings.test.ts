import { env } from "cloudflare:workers";
import { createOpenAI } from "@ai-sdk/openai";
import { embed, embedMany } from "ai";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { simulator, statsFor, uniqueLabel } from "../../kit/worker/inference.ts";
import { gpuServer, plainModel } from "../../kit/worker/models.ts";
import { base, createKey, usageRow } from "../../kit/worker/v1.ts";
import { workerWith } from "../../kit/worker/worker-with.ts";

const withWorkersAi: Partial<Env> = { AI: env.WORKERS_AI_DOUBLE as unknown as Ai };

describe("POST /v1/embeddings", () => {
  it("the AI SDK's embed and embedMany get vectors from Workers AI, metered per input token", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const openai = createOpenAI({
      apiKey: key.key,
      baseURL: `${base}/v1`,
      fetch: workerWith(withWorkersAi),
      headers: { "x-request-id": requestId },
    });
    const one = await embed({ model: openai.embedding("bge-m3"), value: "sunny day at the beach", maxRetries: 0 });
    expect(one.embedding.length).toBeGreaterThan(0);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ format: "embeddings", model: "bge-m3", provider: "workers-ai", completion_tokens: 0 });
    expect(row.prompt_tokens).toBe(one.usage.tokens);
    // Workers AI's price for bge-m3: $0.012 per million input tokens, i.e. 0.012 micro-dollars a token.
    expect(row.cost_micros).toBe(Math.ceil(row.prompt_tokens * 0.012 - 1e-9));
    const many = await embedMany({
      model: openai.embedding("qwen3-embedding-0.6b"),
      values: ["one", "two", "three"],
      maxRetries: 0,
    });
    expect(many.embeddings).toHaveLength(3);
  });

  it("the openai SDK's default base64 encoding decodes to the same vectors as floats", async () => {
    const key = await createKey();
    const sdk = new OpenAI({ apiKey: key.key, baseURL: `${base}/v1`, maxRetries: 0, fetch: workerWith(withWorkersAi) });
    const encoded = await sdk.embeddings.create({ model: "@cf/baai/bge-m3", input: ["alpha", "beta"] });
    const floats = await sdk.embeddings.create({ model: "bge-m3", input: ["alpha", "beta"], encoding_format: "float" });
    expect(encoded.data).toHaveLength(2);
    const [first] = floats.data;
    expect(encoded.data[0]?.embedding.map((value) => Math.fround(value))).toEqual(
      first?.embedding.map((value) => Math.fround(value)),
    );
  });

  it("a self-hosted server that declares the model serves it, with its own token count", async () => {
    const key = await createKey();
    const label = uniqueLabel("gpu-embed");
    const requestId = crypto.randomUUID();
    const pool = [
      gpuServer("gpu-embed", simulator(label, "engine=vllm"), { engine: "vllm", embeddingModels: ["bge-m3"] }),
    ];
    const sdk = new OpenAI({
      apiKey: key.key,
      baseURL: `${base}/v1`,
      maxRetries: 0,
      defaultHeaders: { "x-request-id": requestId },
      fetch: workerWith({ GPU_POOL: JSON.stringify(pool) }),
    });
    const result = await sdk.embeddings.create({ model: "bge-m3", input: "hello", encoding_format: "float" });
    expect(result.data[0]?.embedding.length).toBeGreaterThan(0);
    expect((await statsFor(label)).requests).toBe(1);
    expect(await usageRow(requestId)).toMatchObject({
      provider: "self-hosted",
      prompt_tokens: result.usage.prompt_tokens,
      cost_micros: Math.ceil(result.usage.prompt_tokens * 0.012 - 1e-9),
    });
  });

  it("an unknown embedding model is a 404 and token arrays are a 400", async () => {
    const key = await createKey();
    const sdk = new OpenAI({ apiKey: key.key, baseURL: `${base}/v1`, maxRetries: 0, fetch: workerWith(withWorkersAi) });
    await expect(sdk.embeddings.create({ model: "text-embedding-9", input: "x" })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    await expect(sdk.embeddings.create({ model: "bge-m3", input: [[1, 2, 3]] })).rejects.toMatchObject({
      status: 400,
      param: "input",
    });
  });
});

describe("POST /v1/completions (fill in the middle)", () => {
  it("completes between a prompt and a suffix on DeepSeek's FIM endpoint, metered as completions", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const sdk = new OpenAI({
      apiKey: key.key,
      baseURL: `${base}/v1`,
      maxRetries: 0,
      defaultHeaders: { "x-request-id": requestId },
      fetch: workerWith({ GPU_POOL: "[]" }),
    });
    const completion = await sdk.completions.create({
      model: plainModel,
      prompt: "def fib(n):\n",
      suffix: "\n    return fib(n - 1) + fib(n - 2)\n",
      max_tokens: 64,
    });
    expect(completion.choices[0]?.text.length).toBeGreaterThan(0);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({
      format: "completions",
      provider: "deepseek",
      prompt_tokens: completion.usage?.prompt_tokens,
    });
  });

  it("streams a completion from a self-hosted vLLM server's /v1/completions", async () => {
    const key = await createKey();
    const label = uniqueLabel("gpu-fim");
    const pool = [gpuServer("gpu-fim", simulator(label, "engine=vllm"), { engine: "vllm" })];
    const sdk = new OpenAI({
      apiKey: key.key,
      baseURL: `${base}/v1`,
      maxRetries: 0,
      fetch: workerWith({
        GPU_POOL: JSON.stringify(pool),
        ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["self-hosted"] } } }),
      }),
    });
    const stream = await sdk.completions.create({ model: plainModel, prompt: "const x = ", suffix: ";", stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    expect(text.length).toBeGreaterThan(0);
    expect((await statsFor(label)).requests).toBe(1);
  });
});
