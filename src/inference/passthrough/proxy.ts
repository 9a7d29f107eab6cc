import { thinkingFor } from "../routing/catalog.ts";
import { clampMaxTokens, resolveChain } from "../routing/resolve-chain.ts";
import type { InferenceContext, ProxyRequest, ProxyResponse } from "../types.ts";
import { proxyComplete } from "./proxy-complete.ts";
import { proxyStream } from "./proxy-stream.ts";

const noPreference = { enabled: null, effort: null };

/**
 * For /v1: the same routing and pre-first-token failover as streamChat, with the upstream's OpenAI bytes
 * passed through: by the runtime's own pipe when no byte must change (proxy-native.ts), else through a light
 * JavaScript pump (proxy-pump.ts). Only the chunk with usage is parsed (and stripped unless the client asked
 * for it). A streamed answer is committed once a target accepts (proxy-stream.ts); a stream that breaks after
 * the first token ends with a chunk whose finish_reason is "error", a `data: {"error":…}` event and `[DONE]`.
 */
export async function proxyChatCompletion(context: InferenceContext, asked: ProxyRequest): Promise<ProxyResponse> {
  const started = Date.now();
  const thinking = asked.thinking ?? thinkingFor(context.config.routingPolicy, asked.model, noPreference);
  const request = { ...asked, thinking };
  const chain = resolveChain(context, request.plan, request.region, request.model);
  const body: Record<string, unknown> = {
    ...request.body,
    max_tokens: clampMaxTokens(context, request.plan, request.model, maxTokensOf(request.body)),
  };
  delete body.max_completion_tokens;
  const call = { context, chain, request, body, started };
  return request.stream ? proxyStream(call) : proxyComplete(call);
}

function maxTokensOf(body: Record<string, unknown>): unknown {
  return body.max_completion_tokens ?? body.max_tokens;
}
