import { openNative } from "../providers/open-native.ts";
import { openUpstream } from "../providers/open-upstream.ts";
import type { InferenceContext, NativeDialect, ProxyRequest, RouteTarget, Upstream } from "../types.ts";

/** An opened attempt, with the dialect DeepSeek answers in itself (null: the internal chat body was sent). */
export type Attempt = Upstream & { native: NativeDialect | null };

/**
 * One /v1 attempt at a target, streamed or not: a dialect DeepSeek serves itself goes to its own endpoint there
 * (pass-through, the client's format); every other case gets the internal chat body, translated per engine.
 */
export async function openAttempt(
  context: InferenceContext,
  target: RouteTarget,
  request: ProxyRequest,
  body: Record<string, unknown>,
  signal: AbortSignal,
): Promise<Attempt> {
  const thinking = request.thinking ?? { enabled: false, effort: null };
  const { stream, native } = request;
  if (native && target.provider === "deepseek") {
    // proxy.ts always sets the capped max_tokens on the internal body.
    const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : 4096;
    const upstream = await openNative(context, target, native, { thinking, stream, maxTokens }, signal);
    return { ...upstream, native };
  }
  return { ...(await openUpstream(context, { target, body, thinking, stream, signal })), native: null };
}
