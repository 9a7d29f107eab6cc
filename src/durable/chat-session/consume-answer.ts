import type { Message } from "../../conversations/types.ts";
import type { InferenceEvent, Served } from "../../inference/types.ts";
import { log } from "../../lib/log.ts";
import type { LiveTurnState } from "./live-turn.ts";

/** How the answer ended, as far as the stream tells. */
export type AnswerOutcome = { status: "complete" | "stopped" | "error"; error: Message["error"] };

/**
 * Reads the inference events of a turn into its state, handing each delta and served event on as it comes
 * (the broadcast); a stream that throws ends as `error`, like an `error` event. Stop cancels the reader.
 */
export async function consumeAnswer(
  turn: LiveTurnState,
  stream: ReadableStream<InferenceEvent>,
  on: { delta(type: "text-delta" | "reasoning-delta", text: string): void; served(served: Served): void },
): Promise<AnswerOutcome> {
  const reader = stream.getReader();
  turn.cancelStream = () => {
    reader.cancel().catch(() => {});
  };
  const outcome: AnswerOutcome = { status: "complete", error: null };
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const event = read.value;
      if (event.type === "text-delta" || event.type === "reasoning-delta") {
        turn.append(event.type === "text-delta" ? "text" : "reasoning", event.text);
        on.delta(event.type, event.text);
      } else if (event.type === "served") on.served(event.served);
      else if (event.type === "usage") {
        turn.usage = event.usage;
        turn.usageEstimated = event.estimated;
      } else if (event.type === "finish") {
        if (event.reason === "cancelled") outcome.status = "stopped";
      } else if (event.type === "error") {
        outcome.status = "error";
        outcome.error = { code: event.code, message: event.message };
      }
    }
  } catch (thrown) {
    outcome.status = "error";
    outcome.error = { code: "stream_failed", message: "The answer stream broke off." };
    log.warn("turn_stream_failed", { requestId: turn.origin.requestId, error: String(thrown) });
  }
  return outcome;
}
