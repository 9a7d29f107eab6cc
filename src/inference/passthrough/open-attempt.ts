import { openNative } from "../providers/open-native.ts";
import { openUpstream } from "../providers/open-upstream.ts";
import type { InferenceContext, ProxyRequest, RouteTarget, Upstream } from "../types.ts";

/**
 * One /v1 attempt at a target, streamed or not: a dialect DeepSeek serves itself goes to its own endpoint there
 * (pass-through, the client's format); every other case gets the internal chat body, translated per engine.
 */
export function openAttempt(
  context: InferenceContext,
  target: RouteTarget,
  request: ProxyRequest,
  body: Record<string, unknown>,
  signal: AbortSignal,
): Promise<Upstream> {
  const thinking = request.thinking ?? { enabled: false, effort: null };
  const { stream } = request;
  if (request.native && target.provider === "deepseek") {
    // proxy.ts always sets the capped max_tokens on the internal body.
    const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : 4096;
    return openNative(context, target, request.native, { thinking, stream, maxTokens }, signal);
  }
  return openUpstream(context, { target, body, thinking, stream, signal });
}
