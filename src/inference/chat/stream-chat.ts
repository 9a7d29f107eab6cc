import { connectFirst } from "../attempt/failover.ts";
import { type StallTimer, stallTimer, streamBreak } from "../attempt/stream-end.ts";
import { UpstreamFailure } from "../attempt/upstream-failure.ts";
import { reportOutcome } from "../health/health.ts";
import { openUpstream } from "../providers/open-upstream.ts";
import { thinkingFor } from "../routing/catalog.ts";
import { clampMaxTokens, resolveChain } from "../routing/resolve-chain.ts";
import type { ChatRequest, InferenceContext, InferenceEvent, Served } from "../types.ts";
import { estimateUsage } from "../wire/estimate-usage.ts";
import { chunksToEvents } from "../wire/openai-chunks.ts";
import { sseDataStream } from "../wire/sse.ts";
import { promptCharacters as promptLength } from "./content-parts.ts";

export type ChatStream = { served: Served; events: ReadableStream<InferenceEvent> };

const noPreference = { enabled: null, effort: null };

/**
 * Routes (plan × region × health) and returns once a target has produced its first token (or finished);
 * the stream replays it. Throws AppError before any output (404 model_not_found, 403 model_not_allowed,
 * 451 region_refused, 503 provider_unavailable). After the first token a failure (drop, stall, malformed chunk)
 * ends the events with an estimated `usage` and an `error` event: never a silent cut (docs/inference.md).
 * Aborting `request.signal` or cancelling `events` cancels the upstream request.
 */
export async function streamChat(context: InferenceContext, request: ChatRequest): Promise<ChatStream> {
  const chain = resolveChain(context, request.plan, request.region, request.model);
  const body: Record<string, unknown> = {
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    max_tokens: clampMaxTokens(context, request.plan, request.model, request.maxTokens),
  };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  const thinking = thinkingFor(context.config.routingPolicy, request.model, request.thinking ?? noPreference);

  const connected = await connectFirst(context, chain, request.signal, async (target, signal) => {
    const upstream = await openUpstream(context, { target, body, thinking, stream: true, signal });
    const reader = upstream.body.pipeThrough(sseDataStream()).pipeThrough(chunksToEvents()).getReader();
    return { served: upstream.served, reader, first: await readUntilFirstToken(reader) };
  });
  const { served, reader, first } = connected.value;
  const stallMs = context.config.routingPolicy.timeouts.stallMs;
  const promptCharacters = promptLength(request.messages);
  let reasoningCharacters = 0;
  let textCharacters = 0;
  let sawUsage = false;
  let closed = false;

  const finishWith = (controller: ReadableStreamDefaultController<InferenceEvent>, event: InferenceEvent) => {
    const cutShort = event.type === "error" || (event.type === "finish" && event.reason === "cancelled");
    if (cutShort && !sawUsage) {
      const usage = estimateUsage(promptCharacters, reasoningCharacters, textCharacters);
      controller.enqueue({ type: "usage", usage, estimated: true });
    }
    if (event.type === "error") reportOutcome(context, served.targetId, false, `mid-stream: ${event.message}`);
    controller.enqueue(event);
    controller.close();
    closed = true;
    stall.stop();
    connected.release();
    // A finished stream is already at its end; anything else still has an upstream request to stop.
    if (cutShort) connected.abort();
  };
  const forward = (controller: ReadableStreamDefaultController<InferenceEvent>, event: InferenceEvent) => {
    if (event.type === "reasoning-delta") reasoningCharacters += event.text.length;
    else if (event.type === "text-delta") textCharacters += event.text.length;
    else if (event.type === "usage") sawUsage = true;
    if (event.type === "finish" || event.type === "error") finishWith(controller, event);
    else controller.enqueue(event);
  };

  // Silence past stallMs ends the answer here; aborting the upstream then settles the pending read.
  let stall: StallTimer = { touch: () => undefined, stop: () => undefined };
  let reading = false;
  const events = new ReadableStream<InferenceEvent>({
    start(controller) {
      stall = stallTimer(stallMs, () => {
        // Silence counts only while a read waits: a consumer that pauses is not a stalled provider.
        if (!reading) return false;
        if (!closed) finishWith(controller, { type: "error", ...streamBreak("stalled", stallMs) });
        return true;
      });
      controller.enqueue({ type: "served", served });
      for (const event of first) if (!closed) forward(controller, event);
    },
    async pull(controller) {
      if (closed) return;
      try {
        stall.touch();
        reading = true;
        const { done, value } = await reader.read();
        reading = false;
        stall.touch();
        if (done) return finishWith(controller, { type: "error", ...streamBreak("ended-early") });
        forward(controller, value);
      } catch {
        reading = false;
        if (closed) return;
        if (request.signal?.aborted) return finishWith(controller, { type: "finish", reason: "cancelled" });
        finishWith(controller, { type: "error", ...streamBreak("dropped") });
      }
    },
    cancel(reason) {
      closed = true;
      stall.stop();
      connected.abort(reason);
      connected.release();
    },
  });
  return { served, events };
}

/** Reads events until the first token (or the end); an error before it is the target's failure, not the client's. */
async function readUntilFirstToken(reader: ReadableStreamDefaultReader<InferenceEvent>): Promise<InferenceEvent[]> {
  const first: InferenceEvent[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new UpstreamFailure("failed", "the stream ended before the first token");
    if (value.type === "error") throw new UpstreamFailure("failed", value.message);
    first.push(value);
    if (value.type !== "usage") return first;
  }
}
