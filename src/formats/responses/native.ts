import type { NativeDialect, PassthroughMeter, StreamWire, Thinking, Usage } from "../../inference/index.ts";
import { isRecord } from "../json-guards.ts";
import { dataOf, numberOf, occurrences } from "../native-sse.ts";
import { newResponseId } from "./ids.ts";
import { messagesToItems } from "./messages-to-items.ts";
import { type NativeResponse, nativeResponseSchema } from "./native-response.ts";
import type { ResponsesBody } from "./request-schema.ts";
import type { ResolvedInput } from "./resolve-input.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const CREATED = /"type":\s*"response\.created"/;
const END = /"type":\s*"response\.(completed|incomplete|failed)"/;
const ERROR_EVENT = /"type":\s*"error"/;
const SEQUENCE = '"sequence_number":';

/** What the Responses route gives its native dialect. */
export type ResponsesNativeOptions = {
  request: ResponsesBody;
  /** The request's input after `previous_response_id` and item references were resolved. */
  resolved: ResolvedInput;
  ignored: string[];
  /** A translated target's chat SSE in the Responses API's events (the route's renderer). */
  render: () => TransformStream<Uint8Array, Uint8Array>;
  /** Called with the Response DeepSeek completed (e.g. to store it); the stream's close waits for it. */
  onEnd: (response: NativeResponse) => Promise<void> | undefined;
};

/**
 * A `/v1/responses` request as DeepSeek's own Responses endpoint takes it (https://api-docs.deepseek.com/guides/responses_api):
 * the client's known fields with DeepSeek's model id, the thinking switch as `reasoning.effort`
 * (https://api-docs.deepseek.com/guides/thinking_mode) and `store: false`. DeepSeek is stateless, so the gateway
 * keeps the state: `previous_response_id` and item references are expanded into input items here, and the
 * completed Response is handed to `onEnd` (read from the one event that carries it, not per token).
 */
export function responsesNative(options: ResponsesNativeOptions): NativeDialect {
  const { request } = options;
  const continues =
    request.previous_response_id != null ||
    (Array.isArray(request.input) && request.input.some((item) => item.type === "item_reference"));
  const input = continues ? [...messagesToItems(options.resolved.previous), ...options.resolved.items] : request.input;
  return {
    path: "/responses",
    body: (attempt) => nativeBody(request, input, options.ignored, attempt),
    wire: responsesWire(options.onEnd),
    render: options.render,
    readAnswer: (json) =>
      json.object === "response" && Array.isArray(json.output) && json.status !== "failed"
        ? { usage: isRecord(json.usage) ? responsesToUsage(json.usage) : null, finishReason: finishOf(json) }
        : null,
  };
}

function nativeBody(
  request: ResponsesBody,
  input: unknown,
  ignored: string[],
  attempt: { model: string; thinking: Thinking; stream: boolean; maxTokens: number },
): Record<string, unknown> {
  const {
    previous_response_id: _previous,
    store: _store,
    parallel_tool_calls: _parallel,
    metadata: _metadata,
    reasoning: _reasoning,
    max_output_tokens: _max,
    text,
    tools,
    tool_choice,
    ...kept
  } = request;
  const { thinking } = attempt;
  const body: Record<string, unknown> = {
    ...kept,
    model: attempt.model,
    input,
    stream: attempt.stream,
    store: false,
    max_output_tokens: attempt.maxTokens,
    // DeepSeek's Responses switch: `none` turns thinking off, low/high/max set the effort.
    reasoning: { effort: thinking.enabled ? (thinking.effort ?? "high") : "none" },
  };
  const functions = (tools ?? []).filter((_, index) => !ignored.includes(`tools[${index}]`));
  if (functions.length > 0) {
    body.tools = functions;
    if (tool_choice != null) body.tool_choice = tool_choice;
  }
  if (text?.format) body.text = { format: text.format };
  return body;
}

/**
 * The Responses API's SSE: usage and the end from `response.completed` / `response.incomplete` /
 * `response.failed` (the only events parsed), an upstream `error` event, and the sequence number so far. A broken
 * stream ends with `response.failed` for the same response id as `response.created`.
 */
function responsesWire(onEnd: ResponsesNativeOptions["onEnd"]): StreamWire {
  let opened: Record<string, unknown> | null = null;
  let sequence = -1;
  let pending: Promise<void> | null = null;
  const meter = (events: Uint8Array, into: PassthroughMeter): void => {
    const text = decoder.decode(events);
    into.events += occurrences(text, ".delta\n");
    const last = text.lastIndexOf(SEQUENCE);
    if (last !== -1) sequence = Number.parseInt(text.slice(last + SEQUENCE.length, last + SEQUENCE.length + 12), 10);
    if (!opened && CREATED.test(text)) {
      const response = dataOf(text, CREATED)?.response;
      if (isRecord(response)) opened = response;
    }
    if (END.test(text)) {
      const data = dataOf(text, END);
      const response = data?.response;
      if (isRecord(response)) {
        into.sawDone = true;
        if (isRecord(response.usage)) into.usage = responsesToUsage(response.usage);
        if (data?.type === "response.failed") into.upstreamError = messageOf(response.error);
        else {
          into.finishReason = finishOf(response);
          const parsed = nativeResponseSchema.safeParse(response);
          if (parsed.success) pending = onEnd(parsed.data) ?? null;
        }
      }
    }
    if (ERROR_EVENT.test(text)) into.upstreamError = messageOf(dataOf(text, ERROR_EVENT));
  };
  return {
    meter,
    errorTail(code, message) {
      const {
        output: _output,
        usage: _usage,
        ...shell
      } = opened ?? {
        id: newResponseId(),
        object: "response",
        created_at: Math.floor(Date.now() / 1000),
      };
      sequence++;
      const response = { ...shell, status: "failed", error: { code, message }, incomplete_details: null };
      const data = { type: "response.failed", sequence_number: sequence, response };
      return encoder.encode(`event: response.failed\ndata: ${JSON.stringify(data)}\n\n`);
    },
    closing: null,
    pending: () => {
      const waiting = pending;
      pending = null;
      return waiting;
    },
  };
}

/** The Responses API's usage in the gateway's terms (it has the reasoning and cache splits chat has). */
function responsesToUsage(usage: Record<string, unknown>): Usage {
  const input = numberOf(usage.input_tokens);
  const cached = isRecord(usage.input_tokens_details) ? numberOf(usage.input_tokens_details.cached_tokens) : 0;
  const details = usage.output_tokens_details;
  return {
    promptTokens: input,
    completionTokens: numberOf(usage.output_tokens),
    reasoningTokens: isRecord(details) ? numberOf(details.reasoning_tokens) : 0,
    cacheHitTokens: cached,
    cacheMissTokens: Math.max(0, input - cached),
  };
}

/** The chat finish reason a finished Response means (as the usage row records it). */
function finishOf(response: Record<string, unknown>): string {
  if (response.status === "incomplete") return "length";
  const output = Array.isArray(response.output) ? response.output : [];
  return output.some((item) => isRecord(item) && item.type === "function_call") ? "tool_calls" : "stop";
}

function messageOf(holder: unknown): string {
  if (!isRecord(holder)) return "error";
  if (typeof holder.message === "string") return holder.message;
  return isRecord(holder.error) && typeof holder.error.message === "string" ? holder.error.message : "error";
}
