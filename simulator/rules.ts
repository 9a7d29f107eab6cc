import { jsonError } from "./catalog.ts";
import type { ErrorResponse } from "./faults.ts";
import { isRecord } from "./messages.ts";
import { errorJson } from "./protocol.ts";

/**
 * In thinking mode, an assistant turn that made tool calls must come back with its `reasoning_content` in every
 * later request. Message as the live API sends it (quoted with its envelope in
 * https://github.com/dataelement/Clawith/issues/570). Rule: https://api-docs.deepseek.com/guides/thinking_mode
 * ("if the model performed a tool call, the intermediate assistant's reasoning_content … must be passed back").
 */
export const PASSBACK_MESSAGE = "The `reasoning_content` in the thinking mode must be passed back to the API.";

/** DeepSeek's rejection of a structured-output schema (https://github.com/llm-exe/llm-exe/issues/662, 2026-07). */
export const SCHEMA_UNAVAILABLE_MESSAGE = "This response_format type is unavailable now";

/** DeepSeek's rejection of a forced tool call while thinking (https://github.com/deepseek-ai/DeepSeek-V3/issues/1376). */
export const TOOL_CHOICE_MESSAGE = "Thinking mode does not support this tool_choice";

/** The first rule of DeepSeek's chat endpoint the request breaks, or null. */
export function deepSeekChatViolation(request: Record<string, unknown>, thinking: boolean): ErrorResponse | null {
  const format = isRecord(request.response_format) ? request.response_format.type : undefined;
  // DeepSeek's JSON Output is `json_object` only (https://api-docs.deepseek.com/guides/json_mode).
  if (format !== undefined && format !== "text" && format !== "json_object") return invalid(SCHEMA_UNAVAILABLE_MESSAGE);
  if (!thinking) return null;
  const choice = request.tool_choice;
  if (choice === "required" || isRecord(choice)) return invalid(TOOL_CHOICE_MESSAGE);
  if (Array.isArray(request.messages) && request.messages.some(missesReasoning)) return invalid(PASSBACK_MESSAGE);
  return null;
}

/** An assistant message with tool calls but without the reasoning that led to them. */
function missesReasoning(message: unknown): boolean {
  if (!isRecord(message) || message.role !== "assistant") return false;
  const calls = message.tool_calls;
  return Array.isArray(calls) && calls.length > 0 && typeof message.reasoning_content !== "string";
}

function invalid(message: string): ErrorResponse {
  return jsonError(400, errorJson(message, "invalid_request_error"));
}
