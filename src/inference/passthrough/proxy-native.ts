import { stallTimer, streamBreak } from "../attempt/stream-end.ts";
import type { ProxyOutcome, StreamWire } from "../types.ts";
import { completeEvents, errorTail, type identityOf, meterEvents } from "../wire/sse-passthrough.ts";
import { incompleteReason, newMeter, outcomeOf, type ProxyStreamJob } from "./proxy-outcome.ts";

const encoder = new TextEncoder();
/**
 * The meter reads what has queued up at most this often: a few reads per second whatever the token rate (some
 * 10 reads per 1,000 burst tokens, one per ~100 ms of a paced stream) instead of one per token. It never asks
 * for a minimum size: the runtime's tee serves a branch's `readAtLeast(n)` with one source read of n bytes, so a
 * pending 4 KB read held the client's copy back in 4 KB bursts (measured: a 50 tokens/s stream reached the
 * client in one 4 KB block after 300 ms) and lost the tokens before a break.
 */
const METER_PAUSE_MS = 100;

/**
 * The /v1 stream when no byte has to change (DeepSeek's stream, whether or not the client asked for usage): the
 * upstream body goes to the client by the runtime's own pipe, with no JavaScript per chunk.
 * A tee'd copy is metered in blocks (BYOB reads of whatever queued, METER_PAUSE_MS apart) for usage, finish and
 * the end. When the pipe ends, an incomplete stream gets the dialect's error tail; a client that left is
 * "cancelled". The stall timeout means no new bytes within `stallMs` (or no end). The bytes go into `writable`
 * (the committed response's body), which this closes.
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
    // A copy: the rest is a view of the read buffer, which the next BYOB read takes over (detaches).
    held = split.rest ? split.rest.slice() : null;
    if (split.ready.length > 0) wire.meter(split.ready, meter);
  };
  for (const chunk of first) take(chunk);

  const stall = stallTimer(stallMs, () => {
    stalled = true;
    job.connected.abort();
    return true;
  });
  // Resolves when the client's copy has gone through: the meter then reads the rest without pausing.
  let piped = false;
  let wake: () => void = () => undefined;
  const pipeEnded = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const metered = (async () => {
    const reader = toMeter.getReader({ mode: "byob" });
    let buffer = new Uint8Array(16_384);
    for (;;) {
      const result = await reader.readAtLeast(1, buffer);
      stall.touch();
      if (result.value) {
        take(result.value);
        buffer = new Uint8Array(result.value.buffer);
      }
      if (result.done) {
        if (held) take(encoder.encode("\n\n"));
        return;
      }
      if (!piped) await Promise.race([pipeEnded, new Promise((resolve) => setTimeout(resolve, METER_PAUSE_MS))]);
    }
  })().catch(() => undefined);

  const finish = async (broke: boolean) => {
    piped = true;
    wake();
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
