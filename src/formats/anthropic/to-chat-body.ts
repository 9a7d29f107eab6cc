import { invalidRequest } from "../../http/app-error.ts";
import { chatFunctionTool, type InternalChatBody, type InternalMessage } from "../internal-request.ts";
import type { AnthropicBlock, AnthropicMessage, MessagesBody } from "./request-schema.ts";

type ChatMessage = InternalMessage;

/** The internal chat-completions body of a Messages request, and the fields it could not act on. */
export type MappedMessages = { body: InternalChatBody; ignored: string[] };

/** Maps an Anthropic Messages request to the one internal request (OpenAI chat completions + DeepSeek's extensions). */
export function messagesToChatBody(request: MessagesBody, model: string): MappedMessages {
  const ignored: string[] = [];
  const messages: ChatMessage[] = [];
  const system =
    typeof request.system === "string" ? request.system : (request.system ?? []).map((b) => b.text).join("\n\n");
  if (system) messages.push({ role: "system", content: system });
  request.messages.forEach((message, index) => {
    messages.push(...(message.role === "user" ? userMessages(message, index) : [assistantMessage(message)]));
  });

  const body: InternalChatBody = {
    model,
    messages,
    max_tokens: request.max_tokens,
    stream: request.stream === true,
  };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.top_p !== undefined) body.top_p = request.top_p;
  if (request.stop_sequences?.length) body.stop = request.stop_sequences;
  if (request.metadata?.user_id) body.user = request.metadata.user_id;
  if (request.top_k !== undefined) ignored.push("top_k");
  if (request.service_tier !== undefined) ignored.push("service_tier");

  const tools = (request.tools ?? []).flatMap((tool, index) => {
    // Anthropic's server tools (dated types such as `web_search_20250305`) run on Anthropic's side: not here.
    if (tool.type !== undefined && tool.type !== "custom") {
      ignored.push(`tools[${index}]`);
      return [];
    }
    return [chatFunctionTool({ name: tool.name, description: tool.description, parameters: tool.input_schema })];
  });
  if (tools.length > 0) body.tools = tools;
  const choice = request.tool_choice;
  if (choice && tools.length > 0) {
    if (choice.type === "auto") body.tool_choice = "auto";
    else if (choice.type === "any") body.tool_choice = "required";
    else if (choice.type === "none") body.tool_choice = "none";
    else body.tool_choice = { type: "function", function: { name: choice.name } };
    if ("disable_parallel_tool_use" in choice && choice.disable_parallel_tool_use !== undefined) {
      ignored.push("tool_choice.disable_parallel_tool_use");
    }
  }
  const thinking = request.thinking;
  if (thinking?.type === "disabled") body.thinking = { type: "disabled" };
  else if (thinking?.type === "enabled" || thinking?.type === "adaptive") {
    body.thinking = { type: "enabled" };
    // A small budget asks for a short think; DeepSeek's efforts are low, high and max.
    body.reasoning_effort = thinking.type === "enabled" && thinking.budget_tokens < 4096 ? "low" : "high";
  }
  return { body, ignored };
}

/** A user turn: its tool results become `tool` messages (in order), its text one user message after them. */
function userMessages(message: AnthropicMessage, index: number): ChatMessage[] {
  if (typeof message.content === "string") return [{ role: "user", content: message.content }];
  const out: ChatMessage[] = [];
  let text = "";
  for (const block of message.content) {
    if (block.type === "tool_result") {
      const content =
        typeof block.content === "string" ? block.content : (block.content ?? []).map((b) => b.text).join("");
      out.push({
        role: "tool",
        tool_call_id: block.tool_use_id,
        content: block.is_error ? `Error: ${content}` : content,
      });
    } else if (block.type === "text") text += text ? `\n\n${block.text}` : block.text;
    else throw unexpectedBlock(block, index, "user");
  }
  if (text) out.push({ role: "user", content: text });
  return out;
}

/** An assistant turn: thinking → reasoning_content (DeepSeek needs it back on tool-call turns), tool_use → tool_calls. */
function assistantMessage(message: AnthropicMessage): ChatMessage {
  if (typeof message.content === "string") return { role: "assistant", content: message.content };
  let text = "";
  let reasoning = "";
  const toolCalls: NonNullable<InternalMessage["tool_calls"]> = [];
  for (const block of message.content) {
    if (block.type === "text") text += block.text;
    else if (block.type === "thinking") reasoning += block.thinking;
    else if (block.type === "tool_use") {
      toolCalls.push({
        id: block.id,
        type: "function",
        function: { name: block.name, arguments: JSON.stringify(block.input) },
      });
    }
    // redacted_thinking carries Anthropic's encrypted reasoning: nothing a DeepSeek model can read.
  }
  const out: ChatMessage = { role: "assistant", content: text || null };
  if (reasoning) out.reasoning_content = reasoning;
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  return out;
}

function unexpectedBlock(block: AnthropicBlock, index: number, role: string) {
  return invalidRequest(
    `Invalid 'messages[${index}].content': a ${role} message cannot hold a \`${block.type}\` block.`,
    `messages[${index}].content`,
  );
}
