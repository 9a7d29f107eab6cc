import { UpstreamFailure } from "../attempt/upstream-failure.ts";
import type { InferenceContext, RouteTarget, Served } from "../types.ts";
import { createOpenAICompatible } from "./openai-compatible.ts";
import { fromSimulator, servedBy } from "./served-by.ts";

/**
 * The fill-in-the-middle endpoint of a target: DeepSeek's beta `/beta/completions`
 * (https://api-docs.deepseek.com/guides/fim_completion, non-thinking only) or a self-hosted server's
 * OpenAI `/v1/completions` (vLLM: prompt + suffix). Workers AI has none: null.
 */
export function fimEndpoint(
  context: InferenceContext,
  target: RouteTarget,
): { url: string; apiKey: string | null } | null {
  const { config } = context;
  if (target.provider === "deepseek")
    return { url: `${config.deepseek.baseUrl}/beta/completions`, apiKey: config.deepseek.apiKey };
  if (target.provider !== "self-hosted") return null;
  const server = config.gpuPool.find((candidate) => candidate.id === target.id);
  if (!server) return null;
  const trimmed = server.url.replace(/\/+$/, "");
  return { url: `${trimmed.endsWith("/v1") ? trimmed : `${trimmed}/v1`}/completions`, apiKey: config.gpuPoolApiKey };
}

/** POSTs a completions body (its `model` replaced by the target's) and resolves with the accepted response. */
export async function openFim(
  context: InferenceContext,
  target: RouteTarget,
  body: Record<string, unknown>,
  signal: AbortSignal,
): Promise<{ served: Served; response: Response }> {
  const endpoint = fimEndpoint(context, target);
  if (!endpoint) throw new UpstreamFailure("unavailable", `${target.id} has no completions endpoint`);
  const call = createOpenAICompatible({ ...endpoint, fetch: context.fetch });
  const upstream: Record<string, unknown> = { ...body, model: target.model };
  if (body.stream === true) upstream.stream_options = { include_usage: true };
  const response = await call(JSON.stringify(upstream), signal);
  if (!response.body) throw new UpstreamFailure("failed", "empty response body");
  return { served: servedBy(target, fromSimulator(response)), response };
}
