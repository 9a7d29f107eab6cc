import type { ChatAnswer } from "../chat-parts.ts";
import { anthropicStopReason } from "./stop-reason.ts";
import { anthropicUsage } from "./usage.ts";

/** A whole answer as Anthropic's `message` object. */
export function anthropicMessage(answer: ChatAnswer, identity: { id: string; model: string }) {
  const content: unknown[] = [];
  if (answer.reasoning) content.push({ type: "thinking", thinking: answer.reasoning, signature: "" });
  if (answer.text) content.push({ type: "text", text: answer.text });
  for (const call of answer.toolCalls) {
    content.push({ type: "tool_use", id: call.id, name: call.name, input: parseInput(call.arguments) });
  }
  return {
    id: identity.id,
    type: "message",
    role: "assistant",
    model: identity.model,
    content,
    stop_reason: anthropicStopReason(answer.finishReason),
    stop_sequence: null,
    usage: anthropicUsage(answer.usage),
  };
}

/** Tool arguments as an object: Anthropic's `input` is JSON, not a string. */
function parseInput(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text || "{}");
    return typeof value === "object" && value !== null ? value : { value };
  } catch {
    return { _raw: text };
  }
}
