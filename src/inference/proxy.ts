import type { Region } from "../env.ts";
import { connectFirst } from "./failover.ts";
import { openUpstream } from "./providers/open-upstream.ts";
import { proxyComplete } from "./proxy-complete.ts";
import { nativeStream } from "./proxy-native.ts";
import { pumpStream } from "./proxy-pump.ts";
import { clampMaxTokens, resolveChain } from "./resolve-chain.ts";
import { identityOf } from "./sse-passthrough.ts";
import type { InferenceContext, Served, Usage } from "./types.ts";
import { UpstreamFailure } from "./upstream-failure.ts";

export type ProxyRequest = {
  requestId: string;
  plan: string;
  region: Region;
  model: string;
  /** The client's OpenAI chat-completions body, already validated by /v1. */
  body: Record<string, unknown>;
  stream: boolean;
  clientWantsUsage: boolean;
  signal?: AbortSignal;
};

export type ProxyOutcome = {
  usage: Usage | null;
  estimated: boolean;
  ttftMs: number | null;
  totalMs: number;
  status: "complete" | "error" | "cancelled";
  finishReason: string | null;
  error: { code: string; message: string } | null;
};

export type ProxyResponse = {
  served: Served;
  /** OpenAI SSE bytes when streaming, else the chat.completion JSON bytes. */
  body: ReadableStream<Uint8Array>;
  /** The same bytes as `body` when the whole answer is already in memory (non-streamed): a fixed-length reply. */
  bytes?: Uint8Array;
  done: Promise<ProxyOutcome>;
};

const FIRST_EVENT = /(^|\n)data:/;

/**
 * For /v1: the same routing and pre-first-token failover as streamChat, with the upstream's OpenAI bytes
 * passed through: by the runtime's own pipe when no byte must change (proxy-native.ts), else through a light
 * JavaScript pump (proxy-pump.ts). Only the chunk with usage is parsed (and stripped unless the client asked
 * for it). A stream that breaks after the first token ends with a chunk whose finish_reason is "error", a
 * `data: {"error":…}` event and `[DONE]`.
 */
export async function proxyChatCompletion(context: InferenceContext, request: ProxyRequest): Promise<ProxyResponse> {
  const started = Date.now();
  const chain = resolveChain(context, request.plan, request.region, request.model);
  const body: Record<string, unknown> = {
    ...request.body,
    max_tokens: clampMaxTokens(context, request.plan, request.model, maxTokensOf(request.body)),
  };
  delete body.max_completion_tokens;
  if (!request.stream) return proxyComplete(context, chain, request, body, started);

  const connected = await connectFirst(context, chain, request.signal, async (target, signal) => {
    const upstream = await openUpstream(context, { target, body, stream: true, signal });
    // Unchanged bytes can go to the client by the runtime's own pipe (see proxy-native.ts); the first events
    // are read from a tee'd copy so that the client's copy stays untouched.
    const native = request.clientWantsUsage && upstream.served.provider === "deepseek";
    const [toClient, toRead] = native ? upstream.body.tee() : [null, upstream.body];
    const reader = toRead.getReader();
    const decoder = new TextDecoder();
    const first: Uint8Array[] = [];
    let seen = "";
    while (!FIRST_EVENT.test(seen)) {
      const { done, value } = await reader.read();
      if (done) throw new UpstreamFailure("failed", "the stream ended before the first token");
      first.push(value);
      seen += decoder.decode(value, { stream: true });
    }
    return { served: upstream.served, toClient, toRead, reader, first, seen };
  });
  const { served, toClient, toRead, reader, first, seen } = connected.value;
  const job = { context, request, served, connected, started, ttftMs: Date.now() - started };
  const identity = identityOf(seen, served.model);
  if (toClient) {
    reader.releaseLock();
    return { served, ...nativeStream(job, toClient, toRead, first, identity) };
  }
  return { served, ...pumpStream(job, reader, first, identity) };
}

function maxTokensOf(body: Record<string, unknown>): unknown {
  return body.max_completion_tokens ?? body.max_tokens;
}
