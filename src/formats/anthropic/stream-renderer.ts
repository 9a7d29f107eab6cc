import { type AnswerEnd, type ChatPart, recordEnd, zeroUsage } from "../chat-parts.ts";
import type { DialectRenderer } from "../dialect-stream.ts";
import { anthropicErrorType } from "./errors.ts";
import { anthropicStopReason } from "./stop-reason.ts";
import { anthropicUsage } from "./usage.ts";

/** What the renderer says about the message before the upstream does. */
export type MessageIdentity = { id: string; model: string };

type OpenBlock = { kind: "thinking" | "text" | "tool"; toolIndex: number };

const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Chat parts in, Anthropic Messages SSE out: `message_start`, a `ping`, one content block per kind (thinking,
 * text, each tool call) with its deltas and stop, then `message_delta` (stop reason and usage, which the upstream
 * sends last) and `message_stop`. A failure after the start is Anthropic's `error` event. The per-token deltas
 * are written from a template (only the text is serialised).
 */
export function anthropicRenderer(identity: MessageIdentity): DialectRenderer {
  let index = -1;
  let open: OpenBlock | null = null;
  const ending: AnswerEnd = { finishReason: null, usage: null };
  let failed = false;
  const close = (): string => {
    if (!open) return "";
    open = null;
    return `event: content_block_stop\ndata: {"type":"content_block_stop","index":${index}}\n\n`;
  };
  const begin = (block: OpenBlock, content: unknown): string => {
    const closed = close();
    index++;
    open = block;
    return closed + event("content_block_start", { type: "content_block_start", index, content_block: content });
  };
  const delta = (body: string) =>
    `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":${body}}\n\n`;
  return {
    start: () =>
      event("message_start", {
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
      }) + event("ping", { type: "ping" }),
    render(part: ChatPart): string {
      if (failed || recordEnd(ending, part)) return "";
      switch (part.type) {
        case "reasoning-delta": {
          const opened =
            open?.kind === "thinking"
              ? ""
              : begin({ kind: "thinking", toolIndex: -1 }, { type: "thinking", thinking: "", signature: "" });
          return opened + delta(`{"type":"thinking_delta","thinking":${JSON.stringify(part.text)}}`);
        }
        case "text-delta": {
          const opened =
            open?.kind === "text" ? "" : begin({ kind: "text", toolIndex: -1 }, { type: "text", text: "" });
          return opened + delta(`{"type":"text_delta","text":${JSON.stringify(part.text)}}`);
        }
        case "tool-call-start":
          return begin(
            { kind: "tool", toolIndex: part.index },
            { type: "tool_use", id: part.id, name: part.name, input: {} },
          );
        case "tool-call-delta":
          if (open?.kind !== "tool" || open.toolIndex !== part.index) return "";
          return delta(`{"type":"input_json_delta","partial_json":${JSON.stringify(part.arguments)}}`);
        case "error":
          failed = true;
          return (
            close() + event("error", { type: "error", error: { type: anthropicErrorType(502), message: part.message } })
          );
        case "end":
          return (
            close() +
            event("message_delta", {
              type: "message_delta",
              delta: { stop_reason: anthropicStopReason(ending.finishReason), stop_sequence: null },
              usage: anthropicUsage(ending.usage ?? zeroUsage),
            }) +
            event("message_stop", { type: "message_stop" })
          );
        default:
          return "";
      }
    },
  };
}
