import { chatFunctionTool, type InternalChatBody, type InternalMessage } from "../internal-request.ts";
import { itemsToMessages, type ResolvedItem } from "./input-items.ts";
import type { ResponsesBody } from "./request-schema.ts";

/** The internal request of a Responses request, what it adds to the conversation, and the fields it dropped. */
export type MappedResponse = {
  body: InternalChatBody;
  /**
   * What this request adds to the conversation it continues: its own input items as messages (instructions are not
   * part of it: they do not carry over to a `previous_response_id` continuation).
   */
  input: InternalMessage[];
  ignored: string[];
};

/** Maps a Responses request (after `previous_response_id` and item references are resolved) to the internal request. */
export function responsesToChatBody(
  request: ResponsesBody,
  model: string,
  previous: readonly InternalMessage[],
  items: readonly ResolvedItem[],
): MappedResponse {
  const ignored: string[] = [];
  const input = itemsToMessages(items);
  const conversation = [...previous, ...input];
  const messages: InternalMessage[] = request.instructions
    ? [{ role: "system", content: request.instructions }, ...conversation]
    : conversation;
  const body: InternalChatBody = { model, messages, stream: request.stream === true };
  if (request.max_output_tokens != null) body.max_tokens = request.max_output_tokens;
  if (request.temperature != null) body.temperature = request.temperature;
  if (request.top_p != null) body.top_p = request.top_p;
  if (request.user != null) body.user = request.user;
  if (request.parallel_tool_calls != null) ignored.push("parallel_tool_calls");
  if (request.metadata != null) ignored.push("metadata");
  if (request.text?.verbosity != null) ignored.push("text.verbosity");
  if (request.reasoning?.summary != null) ignored.push("reasoning.summary");

  const tools = (request.tools ?? []).flatMap((tool, index) => {
    if (tool.type !== "function" || typeof tool.name !== "string") {
      ignored.push(`tools[${index}]`);
      return [];
    }
    const { name, description, parameters, strict } = tool;
    return [
      chatFunctionTool({
        name,
        description: typeof description === "string" ? description : null,
        parameters,
        strict: typeof strict === "boolean" ? strict : null,
      }),
    ];
  });
  if (tools.length > 0) body.tools = tools;
  const choice = request.tool_choice;
  if (choice != null && tools.length > 0) {
    body.tool_choice = typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
  }
  // The requested effort as it is: the pipeline maps it as DeepSeek does (`none` off; inference/routing/thinking.ts).
  const effort = request.reasoning?.effort;
  if (effort != null) {
    body.thinking = { type: effort === "none" ? "disabled" : "enabled" };
    body.reasoning_effort = effort;
  }
  const format = request.text?.format;
  if (format?.type === "json_object") body.response_format = { type: "json_object" };
  if (format?.type === "json_schema") {
    const { type: _type, ...jsonSchema } = format;
    body.response_format = { type: "json_schema", json_schema: jsonSchema };
  }
  return { body, input, ignored };
}
