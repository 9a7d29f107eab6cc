import type { NativeDialect, PassthroughMeter, StreamWire, Thinking, Usage } from "../../inference/index.ts";
import { dialectStream } from "../dialect-stream.ts";
import { isRecord } from "../json-guards.ts";
import { dataOf, numberOf, occurrences } from "../native-sse.ts";
import { anthropicErrorBody } from "./errors.ts";
import type { MessagesBody } from "./request-schema.ts";
import { anthropicRenderer, type MessageIdentity } from "./stream-renderer.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const MESSAGE_START = /"type":\s*"message_start"/;
const MESSAGE_DELTA = /"type":\s*"message_delta"/;
const MESSAGE_STOP = /"type":\s*"message_stop"/;
const ERROR_EVENT = /"type":\s*"error"/;

/**
 * A `/v1/messages` request as DeepSeek's own Anthropic endpoint takes it
 * (https://api-docs.deepseek.com/guides/anthropic_api): the client's body with DeepSeek's model id and the
 * thinking switch resolved for the catalog model (`thinking`, and `output_config.effort` for the effort);
 * fields the gateway lists as ignored are left out, as on the translated path. Other targets are translated and
 * rendered by the same renderers as before.
 */
export function anthropicNative(request: MessagesBody, ignored: string[], identity: MessageIdentity): NativeDialect {
  return {
    path: "/anthropic/v1/messages",
    body: (attempt) => nativeBody(request, ignored, attempt),
    wire: anthropicWire,
    render: () => dialectStream(anthropicRenderer(identity)),
    readAnswer: (json) =>
      json.type === "message" && Array.isArray(json.content)
        ? {
            usage: isRecord(json.usage) ? anthropicToUsage(json.usage) : null,
            finishReason: typeof json.stop_reason === "string" ? json.stop_reason : null,
          }
        : null,
  };
}

function nativeBody(
  request: MessagesBody,
  ignored: string[],
  attempt: { model: string; thinking: Thinking; stream: boolean; maxTokens: number },
): Record<string, unknown> {
  const { top_k: _topK, service_tier: _tier, thinking: asked, ...kept } = request;
  const { model, thinking, stream } = attempt;
  const body: Record<string, unknown> = { ...kept, model, stream, max_tokens: attempt.maxTokens };
  if (request.tools) body.tools = request.tools.filter((_, index) => !ignored.includes(`tools[${index}]`));
  if (request.tool_choice && ignored.includes("tool_choice.disable_parallel_tool_use")) {
    const { disable_parallel_tool_use: _dropped, ...choice } = {
      disable_parallel_tool_use: null,
      ...request.tool_choice,
    };
    body.tool_choice = choice;
  }
  // DeepSeek ignores budget_tokens; the catalog's effort goes in output_config (docs/formats.md).
  body.thinking = thinking.enabled
    ? asked?.type === "enabled"
      ? asked
      : { type: "enabled", budget_tokens: Math.max(1024, Math.min(request.max_tokens, 4096)) }
    : { type: "disabled" };
  if (thinking.enabled && thinking.effort) body.output_config = { effort: thinking.effort };
  return body;
}

/**
 * Anthropic Messages SSE: usage from `message_start` (input and cache reads) and `message_delta` (output and the
 * stop reason), the end at `message_stop`, an upstream `error` event; only those events are parsed. A broken
 * stream ends with Anthropic's `error` event.
 */
export const anthropicWire: StreamWire = {
  meter: meterAnthropic,
  errorTail: (_code, message) =>
    encoder.encode(`event: error\ndata: ${JSON.stringify(anthropicErrorBody(502, message))}\n\n`),
  closing: null,
};

function meterAnthropic(events: Uint8Array, meter: PassthroughMeter): void {
  const text = decoder.decode(events);
  meter.events += occurrences(text, "content_block_delta");
  if (MESSAGE_START.test(text)) {
    const usage = usageOf(dataOf(text, MESSAGE_START), "message");
    if (usage) meter.usage = anthropicToUsage(usage);
  }
  if (MESSAGE_DELTA.test(text)) {
    const data = dataOf(text, MESSAGE_DELTA);
    const usage = usageOf(data, null);
    if (usage && meter.usage) meter.usage = { ...meter.usage, completionTokens: numberOf(usage.output_tokens) };
    const delta = data?.delta;
    if (isRecord(delta) && typeof delta.stop_reason === "string") meter.finishReason = delta.stop_reason;
  }
  if (MESSAGE_STOP.test(text)) meter.sawDone = true;
  if (ERROR_EVENT.test(text)) {
    const error = dataOf(text, ERROR_EVENT)?.error;
    meter.upstreamError = isRecord(error) && typeof error.message === "string" ? error.message : "error";
  }
}

/** Anthropic's usage in the gateway's terms: its `input_tokens` leave out cache reads (and writes). */
function anthropicToUsage(usage: Record<string, unknown>): Usage {
  const read = numberOf(usage.cache_read_input_tokens);
  const fresh = numberOf(usage.input_tokens) + numberOf(usage.cache_creation_input_tokens);
  return {
    promptTokens: read + fresh,
    completionTokens: numberOf(usage.output_tokens),
    reasoningTokens: 0,
    cacheHitTokens: read,
    cacheMissTokens: fresh,
  };
}

function usageOf(data: Record<string, unknown> | null, within: string | null): Record<string, unknown> | null {
  const holder = within ? data?.[within] : data;
  const usage = isRecord(holder) ? holder.usage : null;
  return isRecord(usage) ? usage : null;
}
