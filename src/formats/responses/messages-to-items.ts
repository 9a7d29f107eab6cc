import type { InternalMessage } from "../internal-request.ts";

/**
 * The reverse of `itemsToMessages`: a stored conversation (internal chat messages) as Responses input items, for
 * DeepSeek's stateless Responses endpoint, which cannot resolve `previous_response_id` itself. An assistant turn
 * becomes its reasoning item (as DeepSeek sends it: `reasoning_text` content), its message and its function calls,
 * so that a tool-call turn carries its reasoning back.
 */
export function messagesToItems(messages: readonly InternalMessage[]): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (const message of messages) {
    if (message.role === "tool") {
      items.push({ type: "function_call_output", call_id: message.tool_call_id ?? "", output: message.content ?? "" });
    } else if (message.role !== "assistant") {
      items.push({ type: "message", role: message.role, content: message.content ?? "" });
    } else {
      if (message.reasoning_content) {
        const text = message.reasoning_content;
        items.push({ type: "reasoning", summary: [], content: [{ type: "reasoning_text", text }] });
      }
      if (message.content) {
        const part = { type: "output_text", text: message.content, annotations: [] };
        items.push({ type: "message", role: "assistant", content: [part] });
      }
      for (const call of message.tool_calls ?? []) {
        const { name, arguments: args } = call.function;
        items.push({ type: "function_call", call_id: call.id, name, arguments: args });
      }
    }
  }
  return items;
}
