import type { Region } from "../env.ts";
import { estimateUsage } from "./estimate-usage.ts";
import { connectFirst } from "./failover.ts";
import { reportOutcome } from "./health.ts";
import { openUpstream } from "./providers/open-upstream.ts";
import { proxyComplete } from "./proxy-complete.ts";
import { clampMaxTokens, resolveChain } from "./resolve-chain.ts";
import { completeEvents, errorTail, identityOf, meterEvents, type PassthroughMeter } from "./sse-passthrough.ts";
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
  done: Promise<ProxyOutcome>;
};

const decoder = new TextDecoder();
const FIRST_EVENT = /(^|\n)data:/;

/**
 * For /v1: the same routing and pre-first-token failover as streamChat, with the upstream's OpenAI bytes
 * passed through. Per chunk it only splits at event boundaries and looks for a few markers; the one chunk
 * with usage is parsed (and stripped unless the client asked for it). A stream that breaks after the first
 * token ends with a chunk whose finish_reason is "error", a `data: {"error":…}` event and `[DONE]`.
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
    const reader = upstream.body.getReader();
    const first: Uint8Array[] = [];
    let seen = "";
    while (!FIRST_EVENT.test(seen)) {
      const { done, value } = await reader.read();
      if (done) throw new UpstreamFailure("failed", "the stream ended before the first token");
      first.push(value);
      seen += decoder.decode(value, { stream: true });
    }
    return { served: upstream.served, reader, first };
  });
  const { served, reader, first } = connected.value;
  const ttftMs = Date.now() - started;
  const renameReasoning = served.provider === "self-hosted";
  const stripUsage = !request.clientWantsUsage;
  const stallMs = context.config.routingPolicy.timeouts.stallMs;
  const meter: PassthroughMeter = { usage: null, finishReason: null, sawDone: false, upstreamError: null, events: 0 };
  let held: Uint8Array | null = null;
  let identity: ReturnType<typeof identityOf> | null = null;
  let settle: (outcome: ProxyOutcome) => void = () => undefined;
  const done = new Promise<ProxyOutcome>((resolve) => {
    settle = resolve;
  });
  let finished = false;
  let lastChunkAt = Date.now();
  let stallTimer: ReturnType<typeof setTimeout> | undefined;

  const end = (status: ProxyOutcome["status"], error: ProxyOutcome["error"]) => {
    if (finished) return;
    finished = true;
    if (stallTimer !== undefined) clearTimeout(stallTimer);
    connected.release();
    if (status !== "complete") connected.abort();
    if (status === "error") reportOutcome(context, served.targetId, false);
    const estimated = meter.usage === null;
    settle({
      usage: meter.usage ?? estimate(request.body, meter.events),
      estimated,
      ttftMs,
      totalMs: Date.now() - started,
      status,
      finishReason: status === "error" ? "error" : status === "cancelled" ? "cancelled" : meter.finishReason,
      error,
    });
  };
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, code: string, message: string) => {
    if (finished) return;
    controller.enqueue(errorTail(identity ?? identityOf(new Uint8Array(), served.model), code, message));
    controller.close();
    end("error", { code, message });
  };
  /** Passes on the complete events of a chunk; false when it held only part of an event (nothing sent yet). */
  const forward = (controller: ReadableStreamDefaultController<Uint8Array>, chunk: Uint8Array): boolean => {
    lastChunkAt = Date.now();
    const split = completeEvents(held, chunk);
    held = split.rest;
    if (identity === null && split.ready.length > 0) identity = identityOf(split.ready, served.model);
    const out = meterEvents(split.ready, meter, stripUsage, renameReasoning);
    if (out.length === 0) return false;
    controller.enqueue(out);
    return true;
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of first) forward(controller, chunk);
      // One timer for the whole stream: it re-arms itself for the time left instead of being reset per chunk.
      const watch = () => {
        const silent = Date.now() - lastChunkAt;
        if (silent < stallMs) {
          stallTimer = setTimeout(watch, stallMs - silent);
          return;
        }
        fail(controller, "upstream_stalled", `The provider went silent for ${stallMs} ms; the answer is incomplete.`);
      };
      stallTimer = setTimeout(watch, stallMs);
    },
    async pull(controller) {
      let result: ReadableStreamReadResult<Uint8Array>;
      // Each pull must enqueue something or end the stream: a native consumer (the runtime sending the
      // response) does not pull again after a pull that enqueued nothing.
      do {
        if (finished) return;
        try {
          result = await reader.read();
        } catch {
          if (request.signal?.aborted) {
            controller.close();
            return end("cancelled", null);
          }
          return fail(controller, "upstream_interrupted", "The provider's connection broke; the answer is incomplete.");
        }
        if (finished) return;
      } while (!result.done && !forward(controller, result.value));
      if (!result.done) return;
      if (held) forward(controller, new Uint8Array([0x0a, 0x0a]));
      if (!meter.sawDone && meter.finishReason === null && meter.upstreamError === null) {
        return fail(controller, "upstream_interrupted", "The provider's stream ended early; the answer is incomplete.");
      }
      if (!meter.sawDone) controller.enqueue(new TextEncoder().encode("data: [DONE]\n\n"));
      controller.close();
      // The upstream's own error event was passed on as it came; the outcome still says it failed.
      if (meter.upstreamError !== null) end("error", { code: "upstream_error", message: meter.upstreamError });
      else end("complete", null);
    },
    cancel() {
      end("cancelled", null);
    },
  });
  return { served, body: stream, done };
}

function maxTokensOf(body: Record<string, unknown>): unknown {
  return body.max_completion_tokens ?? body.max_tokens;
}

function estimate(body: Record<string, unknown>, events: number): Usage {
  const usage = estimateUsage(JSON.stringify(body.messages ?? []).length, 0, 0);
  return { ...usage, completionTokens: events };
}
