import { parseUsage } from "../inference/wire/openai-chunks.ts";
import { type ChatAnswer, type ToolCall, zeroUsage } from "./chat-parts.ts";
import { isRecord } from "./json-guards.ts";

const decoder = new TextDecoder();

/** A non-streamed `chat.completion` (the gateway's bytes) read into one answer for a dialect's renderer. */
export function readChatAnswer(bytes: Uint8Array): ChatAnswer {
  const completion: unknown = JSON.parse(decoder.decode(bytes));
  const root = isRecord(completion) ? completion : {};
  const choice = Array.isArray(root.choices) && isRecord(root.choices[0]) ? root.choices[0] : {};
  const message = isRecord(choice.message) ? choice.message : {};
  const reasoning = message.reasoning_content ?? message.reasoning;
  const toolCalls: ToolCall[] = [];
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      if (!isRecord(call) || !isRecord(call.function)) continue;
      toolCalls.push({
        id: typeof call.id === "string" ? call.id : `call_${crypto.randomUUID()}`,
        name: typeof call.function.name === "string" ? call.function.name : "",
        arguments: typeof call.function.arguments === "string" ? call.function.arguments : "{}",
      });
    }
  }
  return {
    id: typeof root.id === "string" ? root.id : `chatcmpl-${crypto.randomUUID()}`,
    model: typeof root.model === "string" ? root.model : "",
    reasoning: typeof reasoning === "string" ? reasoning : "",
    text: typeof message.content === "string" ? message.content : "",
    toolCalls,
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : "stop",
    usage: parseUsage(root.usage) ?? zeroUsage,
  };
}
