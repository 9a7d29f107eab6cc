import { parseUsage } from "../inference/openai-chunks.ts";
import { sseDataStream } from "../inference/sse.ts";
import type { ChatPart } from "./chat-parts.ts";
import { isRecord } from "./json-guards.ts";

/**
 * The gateway's OpenAI chat-completions SSE bytes in, semantic parts out (parsed once per event; the renderers
 * never see the upstream's framing). A payload that is not JSON or an `{"error":…}` event becomes an `error`
 * part; `end` follows `[DONE]` or the end of the bytes, exactly once.
 */
export function readChatStream(body: ReadableStream<Uint8Array>): ReadableStream<ChatPart> {
  return body.pipeThrough(sseDataStream()).pipeThrough(chatParts());
}

function chatParts(): TransformStream<string, ChatPart> {
  let started = false;
  let ended = false;
  let failed = false;
  const seenTools = new Set<number>();
  const end = (controller: TransformStreamDefaultController<ChatPart>) => {
    if (ended) return;
    ended = true;
    controller.enqueue({ type: "end" });
  };
  return new TransformStream({
    transform(data, controller) {
      if (ended) return;
      if (data === "[DONE]") return end(controller);
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        controller.enqueue({
          type: "error",
          code: "upstream_malformed",
          message: "The provider sent a malformed event.",
        });
        failed = true;
        return end(controller);
      }
      if (!isRecord(chunk)) return;
      if (isRecord(chunk.error)) {
        if (!failed) {
          const code = typeof chunk.error.code === "string" ? chunk.error.code : "upstream_error";
          const message = typeof chunk.error.message === "string" ? chunk.error.message : "The provider failed.";
          controller.enqueue({ type: "error", code, message });
        }
        failed = true;
        return;
      }
      if (!started) {
        started = true;
        controller.enqueue({
          type: "start",
          id: typeof chunk.id === "string" ? chunk.id : `chatcmpl-${crypto.randomUUID()}`,
          model: typeof chunk.model === "string" ? chunk.model : "",
        });
      }
      const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : null;
      if (isRecord(choice)) {
        const delta = isRecord(choice.delta) ? choice.delta : {};
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (typeof reasoning === "string" && reasoning !== "")
          controller.enqueue({ type: "reasoning-delta", text: reasoning });
        if (typeof delta.content === "string" && delta.content !== "") {
          controller.enqueue({ type: "text-delta", text: delta.content });
        }
        if (Array.isArray(delta.tool_calls)) {
          for (const call of delta.tool_calls) {
            if (!isRecord(call)) continue;
            const index = typeof call.index === "number" ? call.index : 0;
            const fn = isRecord(call.function) ? call.function : {};
            if (!seenTools.has(index)) {
              seenTools.add(index);
              controller.enqueue({
                type: "tool-call-start",
                index,
                id: typeof call.id === "string" ? call.id : `call_${crypto.randomUUID()}`,
                name: typeof fn.name === "string" ? fn.name : "",
              });
            }
            if (typeof fn.arguments === "string" && fn.arguments !== "") {
              controller.enqueue({ type: "tool-call-delta", index, arguments: fn.arguments });
            }
          }
        }
        // The proxy's own error tail says "error" here, then sends the error event: that one speaks.
        if (typeof choice.finish_reason === "string" && choice.finish_reason !== "error") {
          controller.enqueue({ type: "finish", reason: choice.finish_reason });
        }
      }
      if (isRecord(chunk.usage)) {
        const usage = parseUsage(chunk.usage);
        if (usage) controller.enqueue({ type: "usage", usage });
      }
    },
    flush(controller) {
      end(controller);
    },
  });
}
