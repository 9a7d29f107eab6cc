import type { Usage } from "./usage.ts";

/** Identity shared by every chunk of one completion. */
export type CompletionIdentity = { id: string; created: number; model: string };

/** Streaming delta in DeepSeek's shape. */
export type Delta = { role?: "assistant"; content: string | null; reasoning_content?: string | null };

/** Serialises one `chat.completion.chunk` with a single choice. */
export function chunkJson(who: CompletionIdentity, delta: Delta, finishReason: string | null): string {
  return JSON.stringify({
    id: who.id,
    object: "chat.completion.chunk",
    created: who.created,
    model: who.model,
    system_fingerprint: "fp_sim",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
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

/** Serialises a non-streamed `chat.completion` object. */
export function completionJson(
  who: CompletionIdentity,
  content: string,
  reasoning: string | null,
  finishReason: string,
  usage: Usage,
): string {
  const message: { role: "assistant"; content: string; reasoning_content?: string } = { role: "assistant", content };
  if (reasoning !== null) message.reasoning_content = reasoning;
  return JSON.stringify({
    id: who.id,
    object: "chat.completion",
    created: who.created,
    model: who.model,
    system_fingerprint: "fp_sim",
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    usage,
  });
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
