import type { PassthroughMeter, StreamWire } from "../types.ts";
import { completeEvents } from "../wire/sse-passthrough.ts";

const encoder = new TextEncoder();
const LF = 0x0a;

/**
 * The meter reads what has queued up at most this often: a few reads per second whatever the token rate (some
 * 10 reads per 1,000 burst tokens, one per ~100 ms of a paced stream) instead of one per token. It never asks
 * for a minimum size: the runtime's tee serves a branch's `readAtLeast(n)` with one source read of n bytes, so a
 * pending 4 KB read held the client's copy back in 4 KB bursts (measured: a 50 tokens/s stream reached the
 * client in one 4 KB block after 300 ms) and lost the tokens before a break.
 */
const METER_PAUSE_MS = 100;

/**
 * For a wire whose meter needs only a stream's ends (`StreamWire.endsOnly`): the first HEAD_BYTES are metered
 * event by event (the opening events, and the bytes per event for an estimate), the middle is only counted, and
 * the last TAIL_BYTES are metered when the stream ends (finish, usage, the end or an error event: each well under
 * 1 KB). Decoding and scanning every 16 KB block was most of the /v1 stream's JavaScript (bench/README.md).
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
  const ends = wire.endsOnly === true ? new EndsReader(wire, meter) : null;
  let held: Uint8Array | null = null;
  const every = (bytes: Uint8Array) => {
    const split = completeEvents(held, bytes);
    // A copy: the rest is a view of the read buffer, which the next BYOB read takes over (detaches).
    held = split.rest ? split.rest.slice() : null;
    if (split.ready.length > 0) wire.meter(split.ready, meter);
  };
  const take = (bytes: Uint8Array) => {
    if (ends?.skipping) return ends.keep(bytes);
    every(bytes);
    // Past the head, the partial event held back so far starts the tail.
    if (ends?.counted(bytes.length, held)) held = null;
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
          if (held || ends?.skipping) take(encoder.encode("\n\n"));
          return;
        }
        if (!hurried) await Promise.race([woken, new Promise((resolve) => setTimeout(resolve, METER_PAUSE_MS))]);
      }
    } finally {
      ends?.finish();
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

/** The head-and-tail reading of an `endsOnly` wire (see HEAD_BYTES). */
class EndsReader {
  skipping = false;
  private read = 0;
  private headBytes = 0;
  private headEvents = 0;
  private tail: Uint8Array = new Uint8Array(0);
  /** The tail starts at an event's start (nothing has been cut from its front yet). */
  private aligned = true;

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
    if (held) this.tail = held;
    return true;
  }

  /** A block of the middle: counted, and its end kept for the tail. */
  keep(bytes: Uint8Array) {
    this.read += bytes.length;
    if (bytes.length >= TAIL_BYTES) {
      this.tail = bytes.slice(bytes.length - TAIL_BYTES);
      this.aligned = false;
      return;
    }
    const kept = Math.min(this.tail.length, TAIL_BYTES - bytes.length);
    if (kept < this.tail.length) this.aligned = false;
    const tail = new Uint8Array(kept + bytes.length);
    tail.set(this.tail.subarray(this.tail.length - kept));
    tail.set(bytes, kept);
    this.tail = tail;
  }

  /** Meters the tail's whole events; the events of the middle are estimated from the head's bytes per event. */
  finish() {
    if (!this.skipping) return;
    this.skipping = false;
    const whole = completeEvents(null, this.tail.subarray(this.aligned ? 0 : firstEventStart(this.tail))).ready;
    this.wire.meter(whole, this.meter);
    if (this.headBytes > 0) this.meter.events = Math.round((this.read * this.headEvents) / this.headBytes);
  }
}

/** Where the first whole event in `bytes` starts: just after the first blank line ("\n\n" or "\n\r\n"). */
function firstEventStart(bytes: Uint8Array): number {
  for (let index = bytes.indexOf(LF); index !== -1 && index < bytes.length - 1; index = bytes.indexOf(LF, index + 1)) {
    if (bytes[index + 1] === LF) return index + 2;
    if (bytes[index + 1] === 0x0d && bytes[index + 2] === LF) return index + 3;
  }
  return 0;
}
