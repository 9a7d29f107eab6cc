/** One message of the internal request (OpenAI's chat shape with DeepSeek's `reasoning_content`). */
export type InternalMessage = {
  role: "system" | "user" | "assistant" | "tool";
  content: string | null;
  reasoning_content?: string;
  tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
};

/**
 * The one internal request every dialect is parsed into: an OpenAI chat-completions body with DeepSeek's
 * extensions (`thinking`, `reasoning_effort`, `reasoning_content`), which the proxy forwards per target dialect.
 */
export type InternalChatBody = {
  model: string;
  messages: InternalMessage[];
  stream: boolean;
  [field: string]: unknown;
};

/** A client's function tool in the internal (OpenAI chat) shape; no parameters means none. */
export function chatFunctionTool(tool: {
  name: string;
  description?: string | null;
  parameters?: unknown;
  strict?: boolean | null;
}) {
  return {
    type: "function",
    function: {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.parameters ?? { type: "object", properties: {} },
      ...(typeof tool.strict === "boolean" ? { strict: tool.strict } : {}),
    },
  };
}
