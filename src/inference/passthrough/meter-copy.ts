import type { PassthroughMeter, StreamWire } from "../types.ts";
import { completeEvents } from "../wire/sse-passthrough.ts";

const encoder = new TextEncoder();
const LF = 0x0a;
const CR = 0x0d;

/**
 * The meter reads what has queued up at most this often: a few reads per second whatever the token rate (some
 * 10 reads per 1,000 burst tokens, one per ~100 ms of a paced stream) instead of one per token. It never asks
 * for a minimum size: the runtime's tee serves a branch's `readAtLeast(n)` with one source read of n bytes, so a
 * pending 4 KB read held the client's copy back in 4 KB bursts (measured: a 50 tokens/s stream reached the
 * client in one 4 KB block after 300 ms) and lost the tokens before a break.
 */
const METER_PAUSE_MS = 100;

/**
 * The first HEAD_BYTES are metered event by event (the opening events, and the bytes per event for an estimate),
 * the middle is only counted, and the stream's last whole events, at least its last TAIL_BYTES, are metered when
 * it ends: usage, the finish, the end and an error event are there (each well under 1 KB), and a last event longer
 * than that (the Responses API's terminal event carries the whole response) is kept whole. Decoding and scanning
 * every 16 KB block was most of the /v1 stream's JavaScript (bench/README.md).
 */
const HEAD_BYTES = 4_096;
const TAIL_BYTES = 4_096;

export type MeterCopy = {
  /** Resolves once the copy has been read to its end (or broke) and everything the meter needs was read. */
  done: Promise<void>;
  /** The client's copy has gone through: read the rest without pausing. */
  hurry(): void;
};

/**
 * Meters the tee'd copy of a stream whose bytes reach the client by the runtime's pipe: in blocks (BYOB reads of
 * whatever queued, METER_PAUSE_MS apart), with `first` (the chunks already read to find the first event) first.
 * `onBytes` is called on every read (the stall timer's sign of life).
 */
export function meterCopy(
  copy: ReadableStream<Uint8Array>,
  first: Uint8Array[],
  wire: StreamWire,
  meter: PassthroughMeter,
  onBytes: () => void,
): MeterCopy {
  const ends = new EndsReader(wire, meter);
  let held: Uint8Array | null = null;
  const take = (bytes: Uint8Array) => {
    if (ends.skipping) return ends.keep(bytes);
    // The head, event by event.
    const split = completeEvents(held, bytes);
    // A copy: the rest is a view of the read buffer, which the next BYOB read takes over (detaches).
    held = split.rest ? split.rest.slice() : null;
    if (split.ready.length > 0) wire.meter(split.ready, meter);
    // Past the head, the partial event held back so far starts the tail.
    if (ends.counted(bytes.length, held)) held = null;
  };
  for (const chunk of first) take(chunk);

  let hurried = false;
  let wake: () => void = () => undefined;
  const woken = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const done = (async () => {
    const reader = copy.getReader({ mode: "byob" });
    let buffer = new Uint8Array(65_536);
    try {
      for (;;) {
        const result = await reader.readAtLeast(1, buffer);
        onBytes();
        if (result.value) {
          take(result.value);
          buffer = new Uint8Array(result.value.buffer);
        }
        if (result.done) {
          // An unterminated last event still counts.
          if (held || ends.skipping) take(encoder.encode("\n\n"));
          return;
        }
        if (!hurried) await Promise.race([woken, new Promise((resolve) => setTimeout(resolve, METER_PAUSE_MS))]);
      }
    } finally {
      ends.finish();
    }
  })().catch(() => undefined);
  return {
    done,
    hurry() {
      hurried = true;
      wake();
    },
  };
}

/** The head-and-tail reading (see HEAD_BYTES). */
class EndsReader {
  skipping = false;
  private read = 0;
  private headBytes = 0;
  private headEvents = 0;
  /** The tail so far: copies of the blocks since the start of an event (it always starts at one). */
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  /** The tail's length when it was last trimmed: it is trimmed again when it has doubled. */
  private trimmedAt = 0;

  constructor(
    private readonly wire: StreamWire,
    private readonly meter: PassthroughMeter,
  ) {}

  /**
   * After a block metered event by event: past the head, the middle is only counted from now on, and true is
   * returned: the partial event `held` back (if any) is then the tail's start.
   */
  counted(length: number, held: Uint8Array | null): boolean {
    this.read += length;
    if (this.read < HEAD_BYTES || this.meter.sawDone) return false;
    this.skipping = true;
    this.headBytes = this.read - (held?.length ?? 0);
    this.headEvents = this.meter.events;
    if (held) this.restart(held);
    return true;
  }

  /**
   * A block of the middle: counted, and kept for the tail. A block that holds an event start with at least
   * TAIL_BYTES after it starts the tail again; otherwise it is added, and the tail is trimmed to its last events
   * when it has doubled (so one long event spread over many blocks is copied a bounded number of times).
   */
  keep(bytes: Uint8Array) {
    this.read += bytes.length;
    const start = eventStartAtOrBefore(bytes, bytes.length - TAIL_BYTES);
    // A copy: `bytes` is a view of the read buffer, which the next BYOB read takes over.
    if (start > 0) return this.restart(bytes.slice(start));
    this.tail.push(bytes.slice());
    this.tailBytes += bytes.length;
    if (this.tailBytes > 2 * Math.max(this.trimmedAt, TAIL_BYTES)) {
      const whole = joined(this.tail, this.tailBytes);
      this.restart(whole.subarray(eventStartAtOrBefore(whole, whole.length - TAIL_BYTES)));
    }
  }

  /** Meters the tail's whole events; the events of the middle are estimated from the head's bytes per event. */
  finish() {
    if (!this.skipping) return;
    this.skipping = false;
    this.wire.meter(completeEvents(null, joined(this.tail, this.tailBytes)).ready, this.meter);
    if (this.headBytes > 0) this.meter.events = Math.round((this.read * this.headEvents) / this.headBytes);
  }

  private restart(bytes: Uint8Array) {
    this.tail = [bytes];
    this.tailBytes = this.trimmedAt = bytes.length;
  }
}

/**
 * The last event start at or before `limit` (just after a blank line, "\n\n" or "\n\r\n"), or 0 when there is
 * none (the caller keeps everything from the start).
 */
function eventStartAtOrBefore(bytes: Uint8Array, limit: number): number {
  if (limit <= 0) return 0;
  for (let index = bytes.lastIndexOf(LF, limit - 1); index > 0; index = bytes.lastIndexOf(LF, index - 1)) {
    if (bytes[index - 1] === LF || (bytes[index - 1] === CR && bytes[index - 2] === LF)) return index + 1;
  }
  return 0;
}

function joined(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const whole = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}
