import { parseUsage } from "../inference/wire/openai-chunks.ts";
import type { ChatPart } from "./chat-parts.ts";
import { isRecord } from "./json-guards.ts";

/** Reads the gateway's OpenAI chat-completions events into semantic parts, one event at a time. */
export type ChatPartReader = {
  /** Appends the parts one `data` payload carries. */
  read(data: string, out: ChatPart[]): void;
  /** Appends `end` if the events stopped without `[DONE]`. */
  end(out: ChatPart[]): void;
};

/**
 * The gateway's OpenAI chat-completions payloads in, semantic parts out (each parsed once; the renderers never
 * see the upstream's framing). A payload that is not JSON or an `{"error":…}` event becomes an `error` part;
 * `end` follows `[DONE]` or the end of the bytes, exactly once.
 */
export function createChatPartReader(): ChatPartReader {
  let started = false;
  let ended = false;
  let failed = false;
  const seenTools = new Set<number>();
  const finish = (out: ChatPart[]) => {
    if (ended) return;
    ended = true;
    out.push({ type: "end" });
  };
  return {
    read(data, out) {
      if (ended) return;
      if (data === "[DONE]") return finish(out);
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        if (!failed)
          out.push({ type: "error", code: "upstream_malformed", message: "The provider sent a malformed event." });
        failed = true;
        return finish(out);
      }
      if (!isRecord(chunk)) return;
      if (isRecord(chunk.error)) {
        if (!failed) {
          const code = typeof chunk.error.code === "string" ? chunk.error.code : "upstream_error";
          const message = typeof chunk.error.message === "string" ? chunk.error.message : "The provider failed.";
          out.push({ type: "error", code, message });
        }
        failed = true;
        return;
      }
      if (!started) {
        started = true;
        out.push({
          type: "start",
          id: typeof chunk.id === "string" ? chunk.id : `chatcmpl-${crypto.randomUUID()}`,
          model: typeof chunk.model === "string" ? chunk.model : "",
        });
      }
      const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : null;
      if (isRecord(choice)) readChoice(choice, out, seenTools);
      if (isRecord(chunk.usage)) {
        const usage = parseUsage(chunk.usage);
        if (usage) out.push({ type: "usage", usage });
      }
    },
    end(out) {
      finish(out);
    },
  };
}

function readChoice(choice: Record<string, unknown>, out: ChatPart[], seenTools: Set<number>): void {
  const delta = isRecord(choice.delta) ? choice.delta : {};
  const reasoning = delta.reasoning_content ?? delta.reasoning;
  if (typeof reasoning === "string" && reasoning !== "") out.push({ type: "reasoning-delta", text: reasoning });
  if (typeof delta.content === "string" && delta.content !== "") out.push({ type: "text-delta", text: delta.content });
  if (Array.isArray(delta.tool_calls)) {
    for (const call of delta.tool_calls) {
      if (!isRecord(call)) continue;
      const index = typeof call.index === "number" ? call.index : 0;
      const fn = isRecord(call.function) ? call.function : {};
      if (!seenTools.has(index)) {
        seenTools.add(index);
        out.push({
          type: "tool-call-start",
          index,
          id: typeof call.id === "string" ? call.id : `call_${crypto.randomUUID()}`,
          name: typeof fn.name === "string" ? fn.name : "",
        });
      }
      if (typeof fn.arguments === "string" && fn.arguments !== "") {
        out.push({ type: "tool-call-delta", index, arguments: fn.arguments });
      }
    }
  }
  // The proxy's own error tail says "error" here, then sends the error event: that one speaks.
  if (typeof choice.finish_reason === "string" && choice.finish_reason !== "error") {
    out.push({ type: "finish", reason: choice.finish_reason });
  }
}
