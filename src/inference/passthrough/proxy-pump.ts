import { type StallTimer, type StreamEnd, stallTimer, streamBreak } from "../attempt/stream-end.ts";
import type { ProxyOutcome } from "../types.ts";
import { completeEvents, errorTail, type identityOf, meterEvents } from "../wire/sse-passthrough.ts";
import { incompleteReason, newMeter, outcomeOf, type ProxyStreamJob } from "./proxy-outcome.ts";

const encoder = new TextEncoder();

/**
 * The /v1 stream through JavaScript, chunk by chunk: used when bytes must change on the way (the usage chunk
 * the client did not ask for is removed; a self-hosted `reasoning` field is renamed). Per chunk: split at the
 * last event boundary, decode, look for a few markers. Silence past `stallMs` ends it (stream-end.ts).
 */
export function pumpStream(
  job: ProxyStreamJob,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  first: Uint8Array[],
  identity: ReturnType<typeof identityOf>,
): { body: ReadableStream<Uint8Array>; done: Promise<ProxyOutcome> } {
  const { request, served } = job;
  const stripUsage = !request.clientWantsUsage;
  const renameReasoning = served.provider === "self-hosted";
  const stallMs = job.context.config.routingPolicy.timeouts.stallMs;
  const meter = newMeter();
  const outcome = outcomeOf(job, meter);
  let held: Uint8Array | null = null;
  let stall: StallTimer = { touch: () => undefined, stop: () => undefined };

  const end = (status: ProxyOutcome["status"], error: ProxyOutcome["error"]) => {
    stall.stop();
    outcome.end(status, error);
  };
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, broken: StreamEnd) => {
    if (outcome.isFinished()) return;
    controller.enqueue(errorTail(identity, broken.code, broken.message));
    controller.close();
    end("error", broken);
  };
  /** Passes on the complete events of a chunk; false when it held only part of an event (nothing sent yet). */
  const forward = (controller: ReadableStreamDefaultController<Uint8Array>, chunk: Uint8Array): boolean => {
    stall.touch();
    const split = completeEvents(held, chunk);
    held = split.rest;
    const out = meterEvents(split.ready, meter, stripUsage, renameReasoning);
    if (out.length === 0) return false;
    controller.enqueue(out);
    return true;
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      stall = stallTimer(stallMs, () => {
        fail(controller, streamBreak("stalled", stallMs));
        return true;
      });
      for (const chunk of first) forward(controller, chunk);
    },
    async pull(controller) {
      let result: ReadableStreamReadResult<Uint8Array>;
      // Each pull must enqueue something or end the stream: a native consumer (the runtime sending the
      // response) does not pull again after a pull that enqueued nothing.
      do {
        if (outcome.isFinished()) return;
        try {
          result = await reader.read();
        } catch {
          if (request.signal?.aborted) {
            controller.close();
            return end("cancelled", null);
          }
          return fail(controller, streamBreak("dropped"));
        }
        if (outcome.isFinished()) return;
      } while (!result.done && !forward(controller, result.value));
      if (!result.done) return;
      if (held) forward(controller, encoder.encode("\n\n"));
      const incomplete = incompleteReason(meter);
      if (incomplete) return fail(controller, incomplete);
      if (!meter.sawDone) controller.enqueue(encoder.encode("data: [DONE]\n\n"));
      controller.close();
      // The upstream's own error event was passed on as it came; the outcome still says it failed.
      if (meter.upstreamError !== null) end("error", { code: "upstream_error", message: meter.upstreamError });
      else end("complete", null);
    },
    cancel() {
      end("cancelled", null);
    },
  });
  return { body, done: outcome.done };
}
