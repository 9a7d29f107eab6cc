import type { OutputFormat } from "./answer.ts";
import { isDeepSeekModel, jsonError, modelNotExist, vllmModelNotFound } from "./catalog.ts";
import type { ErrorResponse } from "./faults.ts";
import { contentText, isRecord, type PlainMessage } from "./messages.ts";
import { type RequestOptions, selfHosted } from "./options.ts";
import { errorJson } from "./protocol.ts";
import { SCHEMA_UNAVAILABLE_MESSAGE } from "./rules.ts";
import { mapDeepSeekEffort, type Thinking, vllmThinking } from "./thinking.ts";
import { readToolChoice, type ToolChoice, type ToolSpec } from "./tools.ts";

/** A Responses API request reduced to what the simulated model needs. */
export type ResponsesTurn = {
  model: string;
  /** The whole conversation: the stored one of `previous_response_id`, then this request's input. */
  messages: PlainMessage[];
  /** This request's own input (what `store` keeps together with the output). */
  input: PlainMessage[];
  tools: ToolSpec[];
  choice: ToolChoice;
  thinking: Thinking;
  format: OutputFormat;
  maxTokens: number | null;
};

/** Conversations kept for `previous_response_id`, by response id (bounded: the oldest go first). */
const stored = new Map<string, PlainMessage[]>();
const STORE_LIMIT = 1000;

/** Keeps a response's conversation so a later request can continue it. */
export function storeConversation(id: string, messages: PlainMessage[]): void {
  stored.set(id, messages);
  if (stored.size > STORE_LIMIT) stored.delete(stored.keys().next().value as string);
}

/**
 * Reads a Responses request (OpenAI's format as DeepSeek serves it: thinking is switched by `reasoning.effort`,
 * `none` disabling it and low/high/max setting the effort, https://api-docs.deepseek.com/guides/thinking_mode).
 */
export function readResponsesTurn(
  request: Record<string, unknown>,
  options: RequestOptions,
): ResponsesTurn | ErrorResponse {
  const vllm = selfHosted(options.engine);
  const model = typeof request.model === "string" ? request.model : "";
  if (!vllm && !isDeepSeekModel(model, options.legacy)) return modelNotExist();
  if (vllm && options.models.length > 0 && !options.models.includes(model)) return vllmModelNotFound(model);
  const format = readTextFormat(request.text);
  if (!vllm && format.type === "json_schema")
    return jsonError(400, errorJson(SCHEMA_UNAVAILABLE_MESSAGE, "invalid_request_error"));
  let earlier: PlainMessage[] = [];
  if (typeof request.previous_response_id === "string") {
    const found = stored.get(request.previous_response_id);
    if (!found) {
      const message = `Previous response with id '${request.previous_response_id}' not found.`;
      const body = {
        error: {
          message,
          type: "invalid_request_error",
          param: "previous_response_id",
          code: "previous_response_not_found",
        },
      };
      return jsonError(400, JSON.stringify(body));
    }
    earlier = found;
  }
  const thinking = vllm ? vllmThinking(request) : readEffort(request.reasoning);
  if ("status" in thinking) return thinking;
  const instructions = typeof request.instructions === "string" ? [{ role: "system", text: request.instructions }] : [];
  const input = readInput(request.input);
  return {
    model,
    messages: [...instructions, ...earlier, ...input],
    input,
    tools: readTools(request.tools),
    choice: readToolChoice(isRecord(request.tool_choice) ? { function: request.tool_choice } : request.tool_choice),
    thinking,
    format,
    maxTokens: typeof request.max_output_tokens === "number" ? request.max_output_tokens : null,
  };
}

function readEffort(reasoning: unknown): Thinking | ErrorResponse {
  const effort = isRecord(reasoning) ? reasoning.effort : undefined;
  if (effort === "none") return { enabled: false, effort: null };
  if (effort === undefined || effort === null) return { enabled: true, effort: "high" };
  const mapped = typeof effort === "string" ? mapDeepSeekEffort(effort) : null;
  if (!mapped)
    return jsonError(
      400,
      errorJson(`reasoning.effort: unknown variant \`${String(effort)}\``, "invalid_request_error"),
    );
  return { enabled: true, effort: mapped };
}

/** `input` as a string or as items: messages, function calls, their outputs (reasoning items carry no text here). */
function readInput(input: unknown): PlainMessage[] {
  if (typeof input === "string") return [{ role: "user", text: input }];
  if (!Array.isArray(input)) return [];
  return input.flatMap((item): PlainMessage[] => {
    if (!isRecord(item)) return [];
    if (item.type === "function_call_output")
      return [{ role: "tool", text: typeof item.output === "string" ? item.output : contentText(item.output) }];
    if (item.type === "function_call") return [{ role: "assistant", text: "" }];
    if (item.type === "reasoning") return [];
    return [{ role: typeof item.role === "string" ? item.role : "user", text: contentText(item.content) }];
  });
}

function readTools(tools: unknown): ToolSpec[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool) =>
    isRecord(tool) && tool.type === "function" && typeof tool.name === "string"
      ? [{ name: tool.name, parameters: tool.parameters }]
      : [],
  );
}

function readTextFormat(text: unknown): OutputFormat {
  const format = isRecord(text) && isRecord(text.format) ? text.format : null;
  if (format?.type === "json_object") return { type: "json_object" };
  if (format?.type === "json_schema") return { type: "json_schema", schema: format.schema };
  return { type: "text" };
}
