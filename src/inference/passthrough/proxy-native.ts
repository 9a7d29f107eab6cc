import { stallTimer, streamBreak } from "../attempt/stream-end.ts";
import type { ProxyOutcome, StreamWire } from "../types.ts";
import { errorTail, identityOf, meterEvents } from "../wire/sse-passthrough.ts";
import { meterCopy } from "./meter-copy.ts";
import { incompleteReason, newMeter, outcomeOf, type ProxyStreamJob } from "./proxy-outcome.ts";

const encoder = new TextEncoder();

/**
 * The /v1 stream when no byte has to change (DeepSeek's stream, whether or not the client asked for usage): the
 * upstream body goes to the client by the runtime's own pipe, with no JavaScript per chunk.
 * A tee'd copy is metered (meter-copy.ts) for usage, finish and the end. When the pipe ends, an incomplete stream
 * gets the dialect's error tail; a client that left is "cancelled". The stall timeout means no new bytes within
 * `stallMs` (or no end). The bytes go into `writable` (the committed response's body), which this closes.
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
  const stall = stallTimer(stallMs, () => {
    stalled = true;
    job.connected.abort();
    return true;
  });
  const metered = meterCopy(toMeter, first, wire, meter, () => stall.touch());

  const finish = async (broke: boolean) => {
    metered.hurry();
    await metered.done;
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

/**
 * OpenAI chat-completions SSE: usage from the chunk that carries it, `[DONE]` at the end, the error tail (with the
 * id, model and created of `firstEvents`, parsed only when a tail is written).
 */
export function openAiWire(firstEvents: string, model: string): StreamWire {
  return {
    meter: (events, meter) => void meterEvents(events, meter, false, false),
    errorTail: (code, message) => errorTail(identityOf(firstEvents, model), code, message),
    closing: encoder.encode("data: [DONE]\n\n"),
  };
}
