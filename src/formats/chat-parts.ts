import type { Usage } from "../inference/index.ts";

/** A function call the model made, whole. */
export type ToolCall = { id: string; name: string; arguments: string };

/**
 * One semantic step of a chat answer, whatever the upstream's framing: what every dialect's stream renderer
 * consumes. `end` always comes last, once.
 */
export type ChatPart =
  | { type: "start"; id: string; model: string }
  | { type: "reasoning-delta"; text: string }
  | { type: "text-delta"; text: string }
  | { type: "tool-call-start"; index: number; id: string; name: string }
  | { type: "tool-call-delta"; index: number; arguments: string }
  | { type: "finish"; reason: string }
  | { type: "usage"; usage: Usage }
  | { type: "error"; code: string; message: string }
  | { type: "end" };

/** A whole non-streamed answer, read from a `chat.completion`. */
export type ChatAnswer = {
  id: string;
  model: string;
  reasoning: string;
  text: string;
  toolCalls: ToolCall[];
  finishReason: string;
  usage: Usage;
};

/** Usage when the upstream reported none. */
export const zeroUsage: Usage = {
  promptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  cacheHitTokens: 0,
  cacheMissTokens: 0,
};

/** How a streamed answer ended, as a renderer needs it last: its finish reason and usage (they come late). */
export type AnswerEnd = { finishReason: string | null; usage: Usage | null };

/** Records a `finish` or `usage` part into `end`; true when the part was one of them (it renders nothing). */
export function recordEnd(end: AnswerEnd, part: ChatPart): boolean {
  if (part.type === "finish") end.finishReason = part.reason;
  else if (part.type === "usage") end.usage = part.usage;
  else return false;
  return true;
}
