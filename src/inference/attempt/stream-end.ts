/**
 * How a stream that already sent tokens ends without its answer: one vocabulary for the chat site
 * (stream-chat.ts) and /v1 (proxy-*.ts), and the one stall timer both use.
 *
 * Every break after the first token has the code `upstream_interrupted` (the README's /v1 contract), whatever
 * broke: the connection dropped, the provider went silent for `timeouts.stallMs`, or its stream ended without
 * a finish. A stall is a break like the others: a client acts on it the same way (keep the partial answer,
 * offer to regenerate), so it gets the same code, and the message says what happened.
 */

/** What broke a stream after its first token. */
export type StreamBreak = "dropped" | "stalled" | "ended-early";

/** The code and user-facing message a broken stream ends with. */
export type StreamEnd = { code: string; message: string };

/** The code of every break after the first token. */
const INTERRUPTED = "upstream_interrupted";

/** The code and message for a stream that broke after its first token. */
export function streamBreak(kind: Exclude<StreamBreak, "stalled">): StreamEnd;
export function streamBreak(kind: "stalled", stallMs: number): StreamEnd;
export function streamBreak(kind: StreamBreak, stallMs = 0): StreamEnd {
  switch (kind) {
    case "dropped":
      return { code: INTERRUPTED, message: "The provider's connection broke; the answer is incomplete." };
    case "stalled":
      return { code: INTERRUPTED, message: `The provider went silent for ${stallMs} ms; the answer is incomplete.` };
    case "ended-early":
      return { code: INTERRUPTED, message: "The provider's stream ended early; the answer is incomplete." };
  }
}

/** A committed /v1 stream whose every target failed before a first token (the body is already 200). */
export function failedBeforeStart(): StreamEnd {
  return { code: INTERRUPTED, message: "The provider's connection broke before the answer started." };
}

/**
 * A stall timer: `touch()` on every sign of life; `onStall` runs after `ms` without one, unless stopped. It
 * returns false when the silence does not count (nobody was waiting for the upstream): the timer then waits again.
 */
export type StallTimer = { touch(): void; stop(): void };

/**
 * Starts a stall timer. It re-arms itself for the time left instead of being cleared and set again on each
 * chunk, so a chunk costs one `Date.now()` (in workerd the clock moves on I/O, which is when chunks come).
 */
export function stallTimer(ms: number, onStall: () => boolean): StallTimer {
  let lastSign = Date.now();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    if (stopped) return;
    const silent = Date.now() - lastSign;
    if (silent < ms) {
      timer = setTimeout(check, ms - silent);
      return;
    }
    if (onStall()) {
      stopped = true;
      return;
    }
    lastSign = Date.now();
    timer = setTimeout(check, ms);
  };
  timer = setTimeout(check, ms);
  return {
    touch() {
      lastSign = Date.now();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
