import { isDeepSeekModel, jsonError, modelNotExist } from "./catalog.ts";
import type { ErrorResponse } from "./faults.ts";
import { contentText, isRecord, type PlainMessage } from "./messages.ts";
import { errorJson } from "./protocol.ts";
import { mapDeepSeekEffort, type Thinking } from "./thinking.ts";
import type { ToolChoice, ToolSpec } from "./tools.ts";

/** An Anthropic Messages request reduced to what the simulated model needs. */
export type AnthropicTurn = {
  model: string;
  messages: PlainMessage[];
  tools: ToolSpec[];
  choice: ToolChoice;
  thinking: Thinking;
  stop: string[];
  maxTokens: number | null;
};

/**
 * In thinking mode an assistant turn with `tool_use` must come back with its thinking block, the Anthropic-format
 * twin of the `reasoning_content` rule (message as the live API sends it:
 * https://github.com/anomalyco/opencode/issues/24791).
 */
export const THINKING_PASSBACK_MESSAGE =
  "The `content[].thinking` in the thinking mode must be passed back to the API.";

/**
 * Reads a request to DeepSeek's Anthropic endpoint (https://api-docs.deepseek.com/guides/anthropic_api):
 * `claude-opus*` names map to deepseek-v4-pro, other `claude*` names to deepseek-flash, other unknown names are a
 * 400; `thinking` is supported (budget_tokens ignored), `output_config` only for `effort`; thinking is on by
 * default as in every format (https://api-docs.deepseek.com/guides/thinking_mode).
 */
export function readAnthropicTurn(
  request: Record<string, unknown>,
  legacy: boolean,
  vllm: boolean,
): AnthropicTurn | ErrorResponse {
  const requested = typeof request.model === "string" ? request.model : "";
  if (!vllm && !requested.startsWith("claude") && !isDeepSeekModel(requested, legacy)) return modelNotExist();
  if (!Array.isArray(request.messages)) return invalid("messages: Field required");
  const thinking = readThinking(request, vllm);
  if ("status" in thinking) return thinking;
  if (thinking.enabled && !vllm && request.messages.some(missesThinking)) return invalid(THINKING_PASSBACK_MESSAGE);
  return {
    model: requested,
    messages: [...systemMessages(request.system), ...request.messages.flatMap(plainMessages)],
    tools: readTools(request.tools),
    choice: readChoice(request.tool_choice),
    thinking,
    stop: Array.isArray(request.stop_sequences)
      ? request.stop_sequences.filter((s): s is string => typeof s === "string")
      : [],
    maxTokens: typeof request.max_tokens === "number" ? request.max_tokens : null,
  };
}

function readThinking(request: Record<string, unknown>, vllm: boolean): Thinking | ErrorResponse {
  const type = isRecord(request.thinking) ? request.thinking.type : undefined;
  // vLLM's Anthropic endpoint follows Anthropic: no thinking unless asked for.
  const enabled = type === undefined ? !vllm : type === "enabled" || type === "adaptive";
  const effortField = isRecord(request.output_config) ? request.output_config.effort : undefined;
  let effort = mapDeepSeekEffort(typeof effortField === "string" ? effortField : "high");
  if (effortField !== undefined && effort === null)
    return invalid(`output_config.effort: unknown variant \`${String(effortField)}\``);
  effort ??= "high";
  return { enabled, effort: enabled && !vllm ? effort : null };
}

function missesThinking(message: unknown): boolean {
  if (!isRecord(message) || message.role !== "assistant" || !Array.isArray(message.content)) return false;
  const types = message.content.map((block) => (isRecord(block) ? block.type : undefined));
  return types.includes("tool_use") && !types.includes("thinking") && !types.includes("redacted_thinking");
}

function systemMessages(system: unknown): PlainMessage[] {
  const text = contentText(system);
  return text ? [{ role: "system", text }] : [];
}

/** A user message of tool results becomes one `tool` message per result, as in the OpenAI format. */
function plainMessages(message: unknown): PlainMessage[] {
  if (!isRecord(message)) return [];
  const role = message.role === "assistant" ? "assistant" : "user";
  const blocks = Array.isArray(message.content) ? message.content : [];
  const results = blocks.filter((block) => isRecord(block) && block.type === "tool_result");
  if (results.length > 0)
    return results.map((block) => ({ role: "tool", text: contentText(isRecord(block) ? block.content : "") }));
  const text =
    typeof message.content === "string"
      ? message.content
      : contentText(blocks.filter((b) => isRecord(b) && b.type === "text"));
  return [{ role, text }];
}

function readTools(tools: unknown): ToolSpec[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool) =>
    isRecord(tool) && typeof tool.name === "string" ? [{ name: tool.name, parameters: tool.input_schema }] : [],
  );
}

function readChoice(choice: unknown): ToolChoice {
  if (!isRecord(choice)) return { kind: "auto" };
  if (choice.type === "none") return { kind: "none" };
  if (choice.type === "any") return { kind: "required" };
  if (choice.type === "tool" && typeof choice.name === "string") return { kind: "named", name: choice.name };
  return { kind: "auto" };
}

function invalid(message: string): ErrorResponse {
  return jsonError(400, errorJson(message, "invalid_request_error"));
}
