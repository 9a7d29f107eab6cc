/** A piece of model output, classified as reasoning (inside `<think>…</think>`) or answer text. */
export type TaggedText = { kind: "reasoning" | "text"; text: string };

/** Incremental splitter: push text pieces as they arrive, get classified pieces back. */
export type ThinkSplitter = { push(piece: string): TaggedText[]; end(): TaggedText[] };

const OPEN = "<think>";
const CLOSE = "</think>";

/**
 * Splits inline `<think>` reasoning (DeepSeek-R1 distills on Workers AI) from the answer. Handles a missing
 * opening tag (a reasoning model's output is reasoning until `</think>`), whitespace before the opening tag,
 * and tags split across pieces (a possible tag prefix at the end of a piece is held back until it resolves).
 */
export function createThinkSplitter(startsInReasoning: boolean): ThinkSplitter {
  let mode: TaggedText["kind"] = startsInReasoning ? "reasoning" : "text";
  let atStart = true;
  let trimNext = false;
  let pending = "";

  const step = (out: TaggedText[], final: boolean): void => {
    for (;;) {
      if (atStart) {
        const head = pending.trimStart();
        if (!final && (head === "" || (head.length < OPEN.length && OPEN.startsWith(head)))) return;
        atStart = false;
        if (head.startsWith(OPEN)) {
          mode = "reasoning";
          pending = head.slice(OPEN.length);
          trimNext = true;
        }
      }
      if (trimNext) {
        pending = pending.trimStart();
        if (pending === "" && !final) return;
        trimNext = false;
      }
      if (mode === "text") {
        emit(out, "text", pending);
        pending = "";
        return;
      }
      const close = pending.indexOf(CLOSE);
      if (close !== -1) {
        emit(out, "reasoning", pending.slice(0, close));
        pending = pending.slice(close + CLOSE.length);
        mode = "text";
        trimNext = true;
        continue;
      }
      const hold = final ? 0 : partialTagLength(pending, CLOSE);
      emit(out, "reasoning", pending.slice(0, pending.length - hold));
      pending = pending.slice(pending.length - hold);
      return;
    }
  };

  return {
    push(piece) {
      const out: TaggedText[] = [];
      pending += piece;
      step(out, false);
      return out;
    },
    end() {
      const out: TaggedText[] = [];
      step(out, true);
      return out;
    },
  };
}

function emit(out: TaggedText[], kind: TaggedText["kind"], text: string): void {
  if (text === "") return;
  const last = out[out.length - 1];
  if (last?.kind === kind) last.text += text;
  else out.push({ kind, text });
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}
