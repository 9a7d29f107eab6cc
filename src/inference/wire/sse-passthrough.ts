import { isRecord } from "../../lib/is-record.ts";
import type { PassthroughMeter } from "../types.ts";
import { parseUsage } from "./openai-chunks.ts";
import { renameReasoningEvents } from "./reasoning-rename.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const LF = 0x0a;

/**
 * Splits forwarded bytes at the last complete SSE event, so an event is never half-sent when it must be
 * rewritten. Upstreams flush whole events, so the common case returns the chunk itself (no copy).
 */
export function completeEvents(
  held: Uint8Array | null,
  chunk: Uint8Array,
): { ready: Uint8Array; rest: Uint8Array | null } {
  const bytes = held ? concat(held, chunk) : chunk;
  const end = lastEventEnd(bytes);
  if (end === bytes.length) return { ready: bytes, rest: null };
  return { ready: bytes.subarray(0, end), rest: bytes.subarray(end) };
}

/**
 * Reads complete events (already split by `completeEvents`), updates the meter, and returns the bytes to send:
 * the same bytes unless the usage chunk must be stripped (`stripUsage`) or a self-hosted server spells the
 * reasoning field `reasoning` instead of DeepSeek's `reasoning_content`.
 */
export function meterEvents(
  bytes: Uint8Array,
  meter: PassthroughMeter,
  stripUsage: boolean,
  renameReasoning: boolean,
): Uint8Array {
  if (bytes.length === 0) return bytes;
  let text = decoder.decode(bytes);
  let changed = false;
  for (let at = text.indexOf("data:"); at !== -1; at = text.indexOf("data:", at + 5)) meter.events++;
  if (text.includes('"finish_reason":"')) meter.finishReason = /"finish_reason":"([^"]+)"/.exec(text)?.[1] ?? null;
  if (text.includes("[DONE]")) meter.sawDone = true;
  if (text.includes('{"error"')) meter.upstreamError = /"message":\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? "error";
  if (text.includes('"usage"') && /"usage":\s*\{/.test(text)) {
    const rewritten = takeUsage(text, meter, stripUsage);
    changed = rewritten !== text;
    text = rewritten;
  }
  if (renameReasoning) {
    const renamed = renameReasoningEvents(text);
    changed ||= renamed !== text;
    text = renamed;
  }
  return changed ? encoder.encode(text) : bytes;
}

/**
 * Parses the event(s) carrying a usage object; removes the usage (or the whole usage-only event) when stripping.
 * Only those events are cut out of the text: splitting a 200 KB burst into its 1,000 events to find the one
 * with usage cost as much as decoding it.
 */
function takeUsage(text: string, meter: PassthroughMeter, strip: boolean): string {
  const usage = /"usage":\s*\{/g;
  let out = "";
  let from = 0;
  for (let match = usage.exec(text); match !== null; match = usage.exec(text)) {
    const start = eventStart(text, match.index);
    const end = eventEnd(text, match.index);
    const event = text.slice(start, end);
    const rewritten = usageEvent(event, meter, strip);
    if (rewritten !== event) {
      out += text.slice(from, start) + rewritten;
      from = end;
    }
    usage.lastIndex = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** One event carrying usage: the usage is read; when stripping, the event without it ("" for a usage-only event). */
function usageEvent(event: string, meter: PassthroughMeter, strip: boolean): string {
  if (!/"usage":\s*\{/.test(event)) return event;
  const payload = event.replace(/^\s*data:\s?/, "").trim();
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return event;
  }
  if (!isRecord(json) || !("usage" in json)) return event;
  meter.usage = parseUsage(json.usage) ?? meter.usage;
  if (!strip) return event;
  const { usage: _dropped, ...rest } = json;
  const choices = rest.choices;
  if (!Array.isArray(choices) || choices.length === 0) return "";
  return `data: ${JSON.stringify(rest)}\n\n`;
}

/** Where the event holding `at` starts: just after the blank line (LF LF or CRLF CRLF) before it, or 0. */
function eventStart(text: string, at: number): number {
  const lf = text.lastIndexOf("\n\n", at);
  const crlf = text.lastIndexOf("\r\n\r\n", at);
  return Math.max(lf === -1 ? 0 : lf + 2, crlf === -1 ? 0 : crlf + 4);
}

/** Where the event holding `at` ends: just after its blank line, or the end of the text. */
function eventEnd(text: string, at: number): number {
  const lf = text.indexOf("\n\n", at);
  const crlf = text.indexOf("\r\n\r\n", at);
  const ends = [lf === -1 ? text.length : lf + 2, crlf === -1 ? text.length : crlf + 4];
  return Math.min(...ends);
}

/** The closing of a stream that broke: a last chunk with finish_reason "error", the error object, [DONE]. */
export function errorTail(
  identity: { id: string; model: string; created: number },
  code: string,
  message: string,
): Uint8Array {
  const chunk = {
    id: identity.id,
    object: "chat.completion.chunk",
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, delta: {}, finish_reason: "error" }],
  };
  const error = { error: { message, type: "upstream_error", code } };
  return encoder.encode(`data: ${JSON.stringify(chunk)}\n\ndata: ${JSON.stringify(error)}\n\ndata: [DONE]\n\n`);
}

/** The identity (id, model, created) of the first event in `text`, parsed once, for an error tail later. */
export function identityOf(text: string, fallbackModel: string): { id: string; model: string; created: number } {
  const fallback = {
    id: `chatcmpl-${crypto.randomUUID()}`,
    model: fallbackModel,
    created: Math.floor(Date.now() / 1000),
  };
  const match = /data:\s?(\{.*\})\s*$/m.exec(text);
  if (!match?.[1]) return fallback;
  try {
    const json: unknown = JSON.parse(match[1]);
    if (!isRecord(json)) return fallback;
    const record = json;
    return {
      id: typeof record.id === "string" ? record.id : fallback.id,
      model: typeof record.model === "string" ? record.model : fallback.model,
      created: typeof record.created === "number" ? record.created : fallback.created,
    };
  } catch {
    return fallback;
  }
}

function lastEventEnd(bytes: Uint8Array): number {
  const length = bytes.length;
  if (
    bytes[length - 1] === LF &&
    (bytes[length - 2] === LF || (bytes[length - 2] === 0x0d && bytes[length - 3] === LF))
  ) {
    return length;
  }
  for (let index = length - 1; index > 0; index--) {
    if (bytes[index] !== LF) continue;
    // "\n\n" or "\n\r\n" ends an event.
    if (bytes[index - 1] === LF || (bytes[index - 1] === 0x0d && bytes[index - 2] === LF)) return index + 1;
  }
  return 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
