import type { ToolCall } from "./tools.ts";
import type { Usage } from "./usage.ts";

/** Identity shared by every chunk of one completion. */
export type CompletionIdentity = { id: string; created: number; model: string };

/** A streaming delta (`content`, the engine's reasoning field, `tool_calls`, `role`). */
export type Delta = Record<string, unknown>;

/**
 * Serialises one `chat.completion.chunk` with a single choice; `usage` is left out when undefined (and written
 * as given otherwise, `null` included).
 */
export function chunkJson(
  who: CompletionIdentity,
  delta: Delta,
  finishReason: string | null,
  usage?: Usage | null,
): string {
  return JSON.stringify({
    id: who.id,
    object: "chat.completion.chunk",
    created: who.created,
    model: who.model,
    system_fingerprint: "fp_sim",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(usage === undefined ? {} : { usage }),
  });
}

/** Serialises the final usage-only chunk (`choices: []`). */
export function usageChunkJson(who: CompletionIdentity, usage: Usage): string {
  return JSON.stringify({
    id: who.id,
    object: "chat.completion.chunk",
    created: who.created,
    model: who.model,
    system_fingerprint: "fp_sim",
    choices: [],
    usage,
  });
}

/** The assistant message of a non-streamed completion. */
export type CompletionMessage = {
  content: string;
  /** The reasoning text and the field it travels in (null when the request did not think). */
  reasoning: { field: string; text: string } | null;
  toolCall: ToolCall | null;
};

/** Serialises a non-streamed `chat.completion` object. */
export function completionJson(
  who: CompletionIdentity,
  message: CompletionMessage,
  finishReason: string,
  usage: Usage,
): string {
  const out: Record<string, unknown> = { role: "assistant", content: message.content };
  if (message.reasoning) out[message.reasoning.field] = message.reasoning.text;
  if (message.toolCall) out.tool_calls = [toolCallJson(message.toolCall)];
  return JSON.stringify({
    id: who.id,
    object: "chat.completion",
    created: who.created,
    model: who.model,
    system_fingerprint: "fp_sim",
    choices: [{ index: 0, message: out, logprobs: null, finish_reason: finishReason }],
    usage,
  });
}

/** A tool call in OpenAI's message shape. */
export function toolCallJson(call: ToolCall): Record<string, unknown> {
  return { id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } };
}

/** Serialises an error body in the OpenAI / DeepSeek shape. */
export function errorJson(message: string, type: string, code: string = "invalid_request_error"): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}

/** Formats one SSE data event, with LF or CRLF line endings. */
export function sseEvent(data: string, crlf = false): string {
  return crlf ? `data: ${data}\r\n\r\n` : `data: ${data}\n\n`;
}

/** The terminating SSE event. */
export const SSE_DONE = "data: [DONE]\n\n";
