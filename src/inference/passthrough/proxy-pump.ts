import { log } from "../../lib/log.ts";
import { type StreamEnd, stallTimer, streamBreak } from "../attempt/stream-end.ts";
import type { ProxyOutcome } from "../types.ts";
import { completeEvents, errorTail, type identityOf, meterEvents } from "../wire/sse-passthrough.ts";
import { incompleteReason, newMeter, outcomeOf, type ProxyStreamJob } from "./proxy-outcome.ts";

const encoder = new TextEncoder();

/**
 * Bytes asked of the upstream per read: a read takes everything queued up to this (one read, not one per token,
 * when the upstream writes faster than the client takes), and never waits for more than one byte.
 */
const BLOCK_BYTES = 65_536;

/**
 * The /v1 stream through JavaScript: used when bytes must change on the way (the usage chunk the client did not
 * ask for is removed; a `reasoning` field is renamed `reasoning_content`). Each read (whatever has queued, see
 * `blockReads`) is split at its last event boundary, decoded and searched for a few markers, then written
 * straight into `writable` (the committed body, or a dialect's renderer in front of it), which this closes:
 * no JavaScript stream of its own in between. Silence past `stallMs` ends it (stream-end.ts); a client that
 * leaves errors `writable`, which stops the upstream request at once.
 */
export function pumpStream(
  job: ProxyStreamJob,
  source: ReadableStream<Uint8Array>,
  first: Uint8Array[],
  identity: ReturnType<typeof identityOf>,
  renameReasoning: boolean,
  writable: WritableStream<Uint8Array>,
): Promise<ProxyOutcome> {
  const { request } = job;
  const stripUsage = !request.clientWantsUsage;
  const stallMs = job.context.config.routingPolicy.timeouts.stallMs;
  const meter = newMeter();
  const outcome = outcomeOf(job, meter);
  const writer = writable.getWriter();
  let held: Uint8Array | null = null;
  let stalled = false;
  let clientGone = false;
  const stall = stallTimer(stallMs, () => {
    stalled = true;
    job.connected.abort();
    return true;
  });
  writer.closed.catch(() => {
    // The client went away (the committed body was cancelled): stop reading the upstream now.
    clientGone = true;
    job.connected.abort();
  });

  /** Sends the complete events of `chunk` (a partial last event waits for the rest). */
  const forward = async (chunk: Uint8Array) => {
    const split = completeEvents(held, chunk);
    held = split.rest;
    const out = meterEvents(split.ready, meter, stripUsage, renameReasoning);
    if (out.length > 0) await writer.write(out);
  };
  const end = (status: ProxyOutcome["status"], error: ProxyOutcome["error"]) => {
    stall.stop();
    outcome.end(status, error);
  };
  const fail = async (broken: StreamEnd) => {
    await writer.write(errorTail(identity, broken.code, broken.message));
    await writer.close();
    end("error", broken);
  };

  const run = async () => {
    for (const chunk of first) await forward(chunk);
    const read = blockReads(source);
    for (;;) {
      let result: Block;
      try {
        result = await read();
      } catch {
        if (clientGone || request.signal?.aborted) return end("cancelled", null);
        return fail(stalled ? streamBreak("stalled", stallMs) : streamBreak("dropped"));
      }
      stall.touch();
      if (result.value) await forward(result.value);
      if (result.done) break;
    }
    if (held) await forward(encoder.encode("\n\n"));
    const incomplete = incompleteReason(meter);
    if (incomplete) return fail(incomplete);
    if (!meter.sawDone) await writer.write(encoder.encode("data: [DONE]\n\n"));
    await writer.close();
    // The upstream's own error event was passed on as it came; the outcome still says it failed.
    if (meter.upstreamError !== null) end("error", { code: "upstream_error", message: meter.upstreamError });
    else end("complete", null);
  };
  run().catch((error: unknown) => {
    // A write fails when the client is gone (its body errored): nothing more can be said to it.
    if (clientGone || request.signal?.aborted || writer.desiredSize === null) return end("cancelled", null);
    // Anything else is our bug: the client's body must error, not stay open.
    log.error("proxy_pump_failed", { requestId: request.requestId, error: String(error) });
    void writer.abort(error).catch(() => undefined);
    end("error", { code: "internal_error", message: "The gateway failed while relaying the answer." });
  });
  return outcome.done;
}

/**
 * Reads `stream` in blocks of whatever has queued: BYOB `readAtLeast(1)` on a byte stream (a fetch body), each
 * block copied out so the buffer can be read into again; a plain reader for any other stream (Workers AI's).
 */
function blockReads(stream: ReadableStream<Uint8Array>): () => Promise<Block> {
  let byob: ReadableStreamBYOBReader;
  try {
    byob = stream.getReader({ mode: "byob" });
  } catch {
    const reader = stream.getReader();
    return () => reader.read();
  }
  let buffer = new Uint8Array(BLOCK_BYTES);
  return async () => {
    const { done, value } = await byob.readAtLeast(1, buffer);
    if (!value || value.length === 0) return { done, value: undefined };
    buffer = new Uint8Array(value.buffer);
    return { done, value: value.slice() };
  };
}

/** One read: the bytes (none at the end) and whether the stream ended. */
type Block = { done: boolean; value?: Uint8Array | undefined };
