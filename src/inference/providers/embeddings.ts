import { failureFromError, UpstreamFailure } from "../attempt/upstream-failure.ts";
import type { EmbeddingModel } from "../routing/embedding-models.ts";
import type { InferenceContext, RouteTarget, Served } from "../types.ts";
import { createOpenAICompatible } from "./openai-compatible.ts";
import { servedBy } from "./served-by.ts";

/** Vectors for a batch of inputs, in order, and the input tokens the provider counted (null: not reported). */
export type EmbeddingResult = { served: Served; vectors: number[][]; promptTokens: number | null };

/**
 * Embeds a batch on one target: Workers AI through its binding (`{text: [...]}` in, `{data: [[…]]}` out, no
 * token count), or a self-hosted server's OpenAI `/v1/embeddings` (vLLM reports `usage.prompt_tokens`).
 */
export async function embedOn(
  context: InferenceContext,
  target: RouteTarget,
  model: EmbeddingModel,
  inputs: string[],
  signal: AbortSignal,
): Promise<EmbeddingResult> {
  const served = servedBy(target, false);
  if (target.provider === "workers-ai") {
    if (!model.workersAi) throw new UpstreamFailure("unavailable", `${model.id} is not on Workers AI`);
    let output: unknown;
    try {
      output = await (context.env.AI as unknown as { run(model: string, inputs: unknown): Promise<unknown> }).run(
        model.workersAi,
        { text: inputs },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw /remote|binding|not supported/i.test(message)
        ? new UpstreamFailure("unavailable", `Workers AI: ${message}`)
        : failureFromError(error);
    }
    const data = (output as { data?: unknown }).data;
    if (!Array.isArray(data) || data.length !== inputs.length) {
      throw new UpstreamFailure("failed", "Workers AI returned no embeddings");
    }
    return { served, vectors: data as number[][], promptTokens: null };
  }
  const server = context.config.gpuPool.find((candidate) => candidate.id === target.id);
  if (!server) throw new UpstreamFailure("unavailable", `GPU server ${target.id} is no longer configured`);
  const trimmed = server.url.replace(/\/+$/, "");
  const url = `${trimmed.endsWith("/v1") ? trimmed : `${trimmed}/v1`}/embeddings`;
  const call = createOpenAICompatible({ url, apiKey: context.config.gpuPoolApiKey, fetch: context.fetch });
  const response = await call(JSON.stringify({ model: target.model, input: inputs, encoding_format: "float" }), signal);
  served.simulated = response.headers.get("x-edgechat-simulator") === "1";
  const json = (await response.json()) as {
    data?: Array<{ index?: number; embedding?: unknown }>;
    usage?: { prompt_tokens?: unknown };
  };
  const rows = [...(json.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  if (rows.length !== inputs.length || rows.some((row) => !Array.isArray(row.embedding))) {
    throw new UpstreamFailure("failed", "the server returned no embeddings");
  }
  const tokens = json.usage?.prompt_tokens;
  return {
    served,
    vectors: rows.map((row) => row.embedding as number[]),
    promptTokens: typeof tokens === "number" ? tokens : null,
  };
}
