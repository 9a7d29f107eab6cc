import type { Region } from "../env.ts";
import { thinkingFor } from "./catalog.ts";
import { proxyComplete } from "./proxy-complete.ts";
import { proxyStream } from "./proxy-stream.ts";
import { clampMaxTokens, resolveChain } from "./resolve-chain.ts";
import type { Thinking } from "./thinking.ts";

const noPreference = { enabled: null, effort: null };

import type { InferenceContext, Served, Usage } from "./types.ts";

export type ProxyRequest = {
  requestId: string;
  plan: string;
  region: Region;
  model: string;
  /** The client's OpenAI chat-completions body, already validated by /v1. */
  body: Record<string, unknown>;
  /** The thinking switch and effort resolved for the requested model or alias (default: the model's default). */
  thinking?: Thinking;
  stream: boolean;
  clientWantsUsage: boolean;
  signal?: AbortSignal;
};

export type ProxyOutcome = {
  /** The target that answered (after a failover inside a committed stream, not the one its headers name). */
  served: Served;
  usage: Usage | null;
  estimated: boolean;
  ttftMs: number | null;
  totalMs: number;
  status: "complete" | "error" | "cancelled";
  finishReason: string | null;
  error: { code: string; message: string } | null;
};

export type ProxyResponse = {
  /** The target that accepted the request: what the response headers say (see ProxyOutcome.served). */
  served: Served;
  /** OpenAI SSE bytes when streaming, else the chat.completion JSON bytes. */
  body: ReadableStream<Uint8Array>;
  /** The same bytes as `body` when the whole answer is already in memory (non-streamed): a fixed-length reply. */
  bytes?: Uint8Array;
  done: Promise<ProxyOutcome>;
};

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
  if (!request.stream) return proxyComplete(context, chain, request, body, started);
  return proxyStream(context, chain, request, body, started);
}

function maxTokensOf(body: Record<string, unknown>): unknown {
  return body.max_completion_tokens ?? body.max_tokens;
}
