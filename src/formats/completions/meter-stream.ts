import type { Usage } from "../../inference/types.ts";
import { parseUsage } from "../../inference/wire/openai-chunks.ts";

const decoder = new TextDecoder();

/**
 * Passes an upstream's OpenAI SSE bytes through untouched and reports, when they end, the usage of the one event
 * that carries it (only events mentioning `"usage"` are parsed) and the finish reason.
 */
export function meterStream(
  onEnd: (result: { usage: Usage | null; finishReason: string | null; complete: boolean }) => void,
): TransformStream<Uint8Array, Uint8Array> {
  let usage: Usage | null = null;
  let finishReason: string | null = null;
  let sawDone = false;
  let tail = "";
  return new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      const text = tail + decoder.decode(chunk, { stream: true });
      const end = text.lastIndexOf("\n\n");
      if (end === -1) {
        tail = text;
        return;
      }
      tail = text.slice(end + 2);
      for (const event of text.slice(0, end).split("\n\n")) {
        const data = event.replace(/^data:\s?/, "").trim();
        if (data === "[DONE]") sawDone = true;
        else if (data.includes('"finish_reason":"'))
          finishReason = /"finish_reason":"([^"]+)"/.exec(data)?.[1] ?? finishReason;
        if (data.includes('"usage"')) {
          try {
            usage = parseUsage((JSON.parse(data) as { usage?: unknown }).usage) ?? usage;
          } catch {
            // A malformed event is the client's to see; metering falls back to the estimate.
          }
        }
      }
    },
    flush() {
      onEnd({ usage, finishReason, complete: sawDone });
    },
    // The client left: what was read so far is what gets metered.
    cancel() {
      onEnd({ usage, finishReason, complete: false });
    },
  });
}
