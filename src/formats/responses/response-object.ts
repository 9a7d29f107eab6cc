import type { Usage } from "../../inference/index.ts";
import type { ChatAnswer } from "../chat-parts.ts";
import { itemId } from "./ids.ts";
import type { ResponsesBody } from "./request-schema.ts";

/** An output item of a Response (the three kinds a chat answer produces). */
export type OutputItem =
  | {
      type: "reasoning";
      id: string;
      summary: Array<{ type: "summary_text"; text: string }>;
      status?: string;
    }
  | {
      type: "message";
      id: string;
      role: "assistant";
      status: string;
      content: Array<{ type: "output_text"; text: string; annotations: unknown[]; logprobs: unknown[] }>;
    }
  | { type: "function_call"; id: string; call_id: string; name: string; arguments: string; status: string };

/** What a Response says about itself besides its output. */
export type ResponseShell = {
  id: string;
  createdAt: number;
  /** The model id the client asked for. */
  model: string;
  request: ResponsesBody;
};

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

/** The Response object (OpenAI's shape), with the request's settings echoed as OpenAI does. */
export function responseObject(
  shell: ResponseShell,
  status: ResponseStatus,
  output: OutputItem[],
  usage: Usage | null,
  error: { code: string; message: string } | null = null,
) {
  const request = shell.request;
  const text = output
    .flatMap((item) => (item.type === "message" ? item.content.map((part) => part.text) : []))
    .join("");
  return {
    id: shell.id,
    object: "response",
    created_at: shell.createdAt,
    status,
    error,
    incomplete_details: status === "incomplete" ? { reason: "max_output_tokens" } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: shell.model,
    output,
    output_text: text,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: null },
    store: request.store !== false,
    temperature: request.temperature ?? null,
    text: { format: request.text?.format ?? { type: "text" } },
    tool_choice: request.tool_choice ?? "auto",
    tools: request.tools ?? [],
    top_p: request.top_p ?? null,
    truncation: "disabled",
    usage: usage === null ? null : responseUsage(usage),
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

export type ResponseObject = ReturnType<typeof responseObject>;

/** Usage in the Responses API's words. */
export function responseUsage(usage: Usage) {
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: usage.cacheHitTokens },
    output_tokens: usage.completionTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

/** A whole chat answer as a Response's output items: reasoning, then the message, then function calls. */
export function outputItemsOf(answer: ChatAnswer, responseId: string): OutputItem[] {
  const items: OutputItem[] = [];
  if (answer.reasoning) {
    items.push({
      type: "reasoning",
      id: itemId(responseId, "rs", items.length),
      summary: [{ type: "summary_text", text: answer.reasoning }],
    });
  }
  if (answer.text) {
    items.push({
      type: "message",
      id: itemId(responseId, "msg", items.length),
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: answer.text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of answer.toolCalls) {
    items.push({
      type: "function_call",
      id: itemId(responseId, "fc", items.length),
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
      status: "completed",
    });
  }
  return items;
}

/** The Response status a chat finish reason means. */
export function statusOf(finishReason: string | null): ResponseStatus {
  return finishReason === "length" ? "incomplete" : "completed";
}
