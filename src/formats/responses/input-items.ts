import type { InternalMessage } from "../internal-request.ts";
import type { InputItem } from "./request-schema.ts";

/** An item after references are resolved (an `item_reference` is replaced by the stored item it names). */
export type ResolvedItem = Exclude<InputItem, { type: "item_reference" }>;

/**
 * Input items to internal chat messages. Consecutive assistant output (a reasoning item, a message, function
 * calls) becomes one assistant message, so that a tool-call turn carries its reasoning back as DeepSeek
 * requires; each function call output becomes a `tool` message.
 */
export function itemsToMessages(items: readonly ResolvedItem[]): InternalMessage[] {
  const messages: InternalMessage[] = [];
  let reasoning = "";
  const assistant = (): InternalMessage => {
    const last = messages.at(-1);
    if (last?.role === "assistant") return last;
    const created: InternalMessage = { role: "assistant", content: null };
    messages.push(created);
    return created;
  };
  const takeReasoning = (message: InternalMessage) => {
    if (!reasoning) return;
    message.reasoning_content = (message.reasoning_content ?? "") + reasoning;
    reasoning = "";
  };
  for (const item of items) {
    if (item.type === "reasoning") {
      const parts = item.content?.length ? item.content : (item.summary ?? []);
      reasoning += parts.map((part) => part.text).join("\n\n");
    } else if (item.type === "function_call") {
      const message = assistant();
      takeReasoning(message);
      message.tool_calls = [
        ...(message.tool_calls ?? []),
        { id: item.call_id, type: "function", function: { name: item.name, arguments: item.arguments } },
      ];
    } else if (item.type === "function_call_output") {
      const output = typeof item.output === "string" ? item.output : item.output.map((part) => part.text).join("");
      messages.push({ role: "tool", tool_call_id: item.call_id, content: output });
    } else {
      const text = typeof item.content === "string" ? item.content : item.content.map(partText).join("");
      if (item.role === "assistant") {
        const message = assistant();
        takeReasoning(message);
        message.content = (message.content ?? "") + text;
      } else {
        messages.push({ role: item.role === "user" ? "user" : "system", content: text });
      }
    }
  }
  return messages;
}

function partText(part: { type: string; text?: unknown; refusal?: unknown }): string {
  if (typeof part.text === "string") return part.text;
  return typeof part.refusal === "string" ? part.refusal : "";
}
