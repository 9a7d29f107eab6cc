import { stallTimer, streamBreak } from "../attempt/stream-end.ts";
import type { ProxyOutcome, StreamWire } from "../types.ts";
import { completeEvents, errorTail, type identityOf, meterEvents } from "../wire/sse-passthrough.ts";
import { incompleteReason, newMeter, outcomeOf, type ProxyStreamJob } from "./proxy-outcome.ts";

const encoder = new TextEncoder();
/**
 * The meter reads in blocks of at least this many bytes (about 25 tokens): some 40 reads per 1,000 tokens
 * instead of 1,000. Measured in workerd, 1 KB blocks cost as much again as the whole pipe; 4 KB keeps the
 * stall rule sane for slow streams (a stream slower than 4 KB per `stallMs` counts as stalled).
 */
const METER_BLOCK_BYTES = 4096;

/**
 * The /v1 stream when no byte has to change (DeepSeek's stream, whether or not the client asked for usage): the
 * upstream body goes to the client by the runtime's own pipe, with no JavaScript per chunk.
 * A tee'd copy is metered in blocks (BYOB `readAtLeast`) for usage, finish and [DONE]. When the pipe ends,
 * an incomplete stream gets the same error tail as the pump path; a client that left is "cancelled".
 * The stall timeout here means no new block of METER_BLOCK_BYTES within `stallMs` (or no end). The bytes go
 * into `writable` (the committed response's body), which this closes.
 */
export function nativeStream(
  job: ProxyStreamJob,
  toClient: ReadableStream<Uint8Array>,
  toMeter: ReadableStream<Uint8Array>,
  first: Uint8Array[],
  wire: StreamWire,
  writable: WritableStream<Uint8Array>,
): Promise<ProxyOutcome> {
  const meter = newMeter();
  const outcome = outcomeOf(job, meter);
  const stallMs = job.context.config.routingPolicy.timeouts.stallMs;
  let stalled = false;
  let held: Uint8Array | null = null;
  const take = (bytes: Uint8Array) => {
    const split = completeEvents(held, bytes);
    held = split.rest;
    if (split.ready.length > 0) wire.meter(split.ready, meter);
  };
  for (const chunk of first) take(chunk);

  const stall = stallTimer(stallMs, () => {
    stalled = true;
    job.connected.abort();
    return true;
  });
  const metered = (async () => {
    const reader = toMeter.getReader({ mode: "byob" });
    let buffer = new Uint8Array(16_384);
    for (;;) {
      const result = await reader.readAtLeast(METER_BLOCK_BYTES, buffer);
      stall.touch();
      if (result.value) {
        take(result.value);
        buffer = new Uint8Array(result.value.buffer);
      }
      if (result.done) {
        if (held) take(encoder.encode("\n\n"));
        return;
      }
    }
  })().catch(() => undefined);

  const finish = async (broke: boolean) => {
    await metered;
    stall.stop();
    // The upstream's whole answer was read ([DONE]): a client that leaves after that (the openai SDK cancels
    // the body once it has read [DONE]) was sent all of it, and the answer is complete.
    const whole = meter.sawDone && !stalled;
    const incomplete =
      broke && !whole ? (stalled ? streamBreak("stalled", stallMs) : streamBreak("dropped")) : incompleteReason(meter);
    const writer = writable.getWriter();
    try {
      if (incomplete) await writer.write(wire.errorTail(incomplete.code, incomplete.message));
      else if (!meter.sawDone && wire.closing) await writer.write(wire.closing);
      // e.g. the Responses API's store: a client that read to the end can continue the response at once.
      await wire.pending?.();
      await writer.close();
    } catch {
      // The client is gone: nothing more can be said to it.
      if (!whole) return outcome.end("cancelled", null);
    }
    if (incomplete) outcome.end("error", incomplete);
    else if (meter.upstreamError !== null)
      outcome.end("error", { code: "upstream_error", message: meter.upstreamError });
    else outcome.end("complete", null);
  };
  toClient.pipeTo(writable, { preventClose: true, preventAbort: true }).then(
    () => finish(false),
    () => {
      // The source broke (drop, stall abort) or the client went away: either way stop the upstream request.
      job.connected.abort();
      return finish(true);
    },
  );
  return outcome.done;
}

/** OpenAI chat-completions SSE: usage from the chunk that carries it, `[DONE]` at the end, the error tail. */
export function openAiWire(identity: ReturnType<typeof identityOf>): StreamWire {
  return {
    meter: (events, meter) => void meterEvents(events, meter, false, false),
    errorTail: (code, message) => errorTail(identity, code, message),
    closing: encoder.encode("data: [DONE]\n\n"),
  };
}
