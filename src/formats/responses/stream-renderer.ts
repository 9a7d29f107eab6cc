import { type AnswerEnd, type ChatPart, recordEnd } from "../chat-parts.ts";
import type { DialectRenderer } from "../dialect-stream.ts";
import { type OutputSchema, schemaMismatch } from "../structured/output-schema.ts";
import { itemId } from "./ids.ts";
import {
  type OutputItem,
  type ResponseObject,
  type ResponseShell,
  responseObject,
  statusOf,
} from "./response-object.ts";

/**
 * Called once with the final Response (completed, incomplete or failed), e.g. to store it; the final event waits
 * for the promise it returns, so that a client continuing with `previous_response_id` finds it stored.
 */
export type OnResponseEnd = (response: ResponseObject) => Promise<void> | undefined;

type MessagePart = Extract<OutputItem, { type: "message" }>["content"][number];

/**
 * Chat parts in, the Responses API's semantic events out: `response.created`, then per output item
 * `response.output_item.added`, its deltas (`response.reasoning_summary_text.delta`, `response.output_text.delta`,
 * `response.function_call_arguments.delta`) and `…done` events, and finally `response.completed` (or
 * `response.incomplete`, or `response.failed` for an upstream failure or an answer that breaks the schema).
 * The per-token deltas are written from a template (only the text is serialised).
 */
export function responsesRenderer(
  shell: ResponseShell,
  options: { schema: OutputSchema | null; onEnd: OnResponseEnd },
): DialectRenderer {
  let sequence = 0;
  const output: OutputItem[] = [];
  let open: { item: OutputItem; text: string; toolIndex: number } | null = null;
  const ending: AnswerEnd = { finishReason: null, usage: null };
  let answerText = "";
  let failure: { code: string; message: string } | null = null;
  let ended = false;
  let pending: Promise<void> | null = null;

  const event = (type: string, data: Record<string, unknown>) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`;
  const deltaEvent = (type: string, at: string, delta: string) =>
    `event: ${type}\ndata: {"type":"${type}","sequence_number":${sequence++},${at},"delta":${JSON.stringify(delta)}}\n\n`;
  const position = () => output.length - 1;
  const snapshot = (status: Parameters<typeof responseObject>[1]) =>
    responseObject(shell, status, output, status === "in_progress" ? null : ending.usage, failure);

  const close = (): string => {
    if (!open) return "";
    const { item, text } = open;
    open = null;
    const at = { item_id: item.id, output_index: position() };
    let out = "";
    if (item.type === "reasoning") {
      const part = { type: "summary_text" as const, text };
      out += event("response.reasoning_summary_text.done", { ...at, summary_index: 0, text });
      out += event("response.reasoning_summary_part.done", { ...at, summary_index: 0, part });
      item.summary = [part];
    } else if (item.type === "message") {
      const part: MessagePart = { type: "output_text", text, annotations: [], logprobs: [] };
      out += event("response.output_text.done", { ...at, content_index: 0, text, logprobs: [] });
      out += event("response.content_part.done", { ...at, content_index: 0, part });
      item.content = [part];
      item.status = "completed";
    } else {
      out += event("response.function_call_arguments.done", { ...at, name: item.name, arguments: text });
      item.arguments = text;
      item.status = "completed";
    }
    return out + event("response.output_item.done", { output_index: position(), item });
  };
  const begin = (item: OutputItem, toolIndex = -1): string => {
    let out = close();
    output.push(item);
    open = { item, text: "", toolIndex };
    const added = item.type === "message" ? { ...item, content: [] } : item;
    out += event("response.output_item.added", { output_index: position(), item: added });
    const at = { item_id: item.id, output_index: position() };
    if (item.type === "reasoning") {
      out += event("response.reasoning_summary_part.added", {
        ...at,
        summary_index: 0,
        part: { type: "summary_text", text: "" },
      });
    } else if (item.type === "message") {
      out += event("response.content_part.added", {
        ...at,
        content_index: 0,
        part: { type: "output_text", text: "", annotations: [], logprobs: [] },
      });
    }
    return out;
  };
  const end = (): string => {
    if (ended) return "";
    ended = true;
    const calledTools = output.some((item) => item.type === "function_call");
    if (!failure && options.schema && !calledTools) {
      const problem = options.schema.check(answerText);
      if (problem !== null) failure = schemaMismatch(options.schema, problem);
    }
    const status = failure ? "failed" : statusOf(ending.finishReason);
    const response = snapshot(status);
    pending = options.onEnd(response) ?? null;
    const type =
      status === "failed" ? "response.failed" : status === "incomplete" ? "response.incomplete" : "response.completed";
    return event(type, { response });
  };

  return {
    pending: () => {
      const waiting = pending;
      pending = null;
      return waiting;
    },
    start: () =>
      event("response.created", { response: snapshot("in_progress") }) +
      event("response.in_progress", { response: snapshot("in_progress") }),
    render(part: ChatPart): string {
      if (ended || recordEnd(ending, part)) return "";
      switch (part.type) {
        case "reasoning-delta": {
          const opened =
            open?.item.type === "reasoning"
              ? ""
              : begin({ type: "reasoning", id: itemId(shell.id, "rs", output.length), summary: [] });
          if (open) open.text += part.text;
          const at = `"item_id":"${open?.item.id}","output_index":${position()},"summary_index":0`;
          return opened + deltaEvent("response.reasoning_summary_text.delta", at, part.text);
        }
        case "text-delta": {
          const id = itemId(shell.id, "msg", output.length);
          const opened =
            open?.item.type === "message"
              ? ""
              : begin({ type: "message", id, role: "assistant", status: "in_progress", content: [] });
          if (open) open.text += part.text;
          answerText += part.text;
          const at = `"item_id":"${open?.item.id}","output_index":${position()},"content_index":0,"logprobs":[]`;
          return opened + deltaEvent("response.output_text.delta", at, part.text);
        }
        case "tool-call-start": {
          const id = itemId(shell.id, "fc", output.length);
          return begin(
            { type: "function_call", id, call_id: part.id, name: part.name, arguments: "", status: "in_progress" },
            part.index,
          );
        }
        case "tool-call-delta": {
          if (open?.item.type !== "function_call" || open.toolIndex !== part.index) return "";
          open.text += part.arguments;
          const at = `"item_id":"${open.item.id}","output_index":${position()}`;
          return deltaEvent("response.function_call_arguments.delta", at, part.arguments);
        }
        case "error": {
          const closed = close();
          failure = { code: part.code, message: part.message };
          return closed + end();
        }
        case "end":
          return close() + end();
        default:
          return "";
      }
    },
  };
}
