import type { ChatPart } from "../chat-parts.ts";
import { zeroUsage } from "../chat-parts.ts";
import { anthropicErrorType } from "./errors.ts";
import { anthropicStopReason } from "./stop-reason.ts";
import { anthropicUsage } from "./usage.ts";

const encoder = new TextEncoder();

/** What the renderer says about the message before the upstream does. */
export type MessageIdentity = { id: string; model: string };

type OpenBlock = { kind: "thinking" | "text" | "tool"; toolIndex: number };

/**
 * Chat parts in, Anthropic Messages SSE out: `message_start`, a `ping`, one content block per kind (thinking,
 * text, each tool call) with its deltas and stop, then `message_delta` (stop reason and usage, which the upstream
 * sends last) and `message_stop`. A failure after the start is Anthropic's `error` event.
 */
export function anthropicStream(identity: MessageIdentity): TransformStream<ChatPart, Uint8Array> {
  let index = -1;
  let open: OpenBlock | null = null;
  let finishReason: string | null = null;
  let usage = zeroUsage;
  let failed = false;
  const send = (controller: TransformStreamDefaultController<Uint8Array>, event: string, data: unknown) =>
    controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  const close = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (open) send(controller, "content_block_stop", { type: "content_block_stop", index });
    open = null;
  };
  const begin = (controller: TransformStreamDefaultController<Uint8Array>, block: OpenBlock, content: unknown) => {
    close(controller);
    index++;
    open = block;
    send(controller, "content_block_start", { type: "content_block_start", index, content_block: content });
  };
  return new TransformStream({
    start(controller) {
      send(controller, "message_start", {
        type: "message_start",
        message: {
          id: identity.id,
          type: "message",
          role: "assistant",
          model: identity.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: anthropicUsage(zeroUsage),
        },
      });
      send(controller, "ping", { type: "ping" });
    },
    transform(part, controller) {
      if (failed) return;
      switch (part.type) {
        case "reasoning-delta":
          if (open?.kind !== "thinking")
            begin(controller, { kind: "thinking", toolIndex: -1 }, { type: "thinking", thinking: "", signature: "" });
          send(controller, "content_block_delta", {
            type: "content_block_delta",
            index,
            delta: { type: "thinking_delta", thinking: part.text },
          });
          return;
        case "text-delta":
          if (open?.kind !== "text") begin(controller, { kind: "text", toolIndex: -1 }, { type: "text", text: "" });
          send(controller, "content_block_delta", {
            type: "content_block_delta",
            index,
            delta: { type: "text_delta", text: part.text },
          });
          return;
        case "tool-call-start":
          begin(
            controller,
            { kind: "tool", toolIndex: part.index },
            { type: "tool_use", id: part.id, name: part.name, input: {} },
          );
          return;
        case "tool-call-delta":
          if (open?.kind !== "tool" || open.toolIndex !== part.index) return;
          send(controller, "content_block_delta", {
            type: "content_block_delta",
            index,
            delta: { type: "input_json_delta", partial_json: part.arguments },
          });
          return;
        case "finish":
          finishReason = part.reason;
          return;
        case "usage":
          usage = part.usage;
          return;
        case "error":
          failed = true;
          close(controller);
          send(controller, "error", { type: "error", error: { type: anthropicErrorType(502), message: part.message } });
          return;
        case "end":
          close(controller);
          send(controller, "message_delta", {
            type: "message_delta",
            delta: { stop_reason: anthropicStopReason(finishReason), stop_sequence: null },
            usage: anthropicUsage(usage),
          });
          send(controller, "message_stop", { type: "message_stop" });
          return;
      }
    },
  });
}
