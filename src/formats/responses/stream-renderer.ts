import type { Usage } from "../../inference/index.ts";
import type { ChatPart } from "../chat-parts.ts";
import { type OutputSchema, schemaMismatch } from "../structured/output-schema.ts";
import { itemId } from "./ids.ts";
import {
  type OutputItem,
  type ResponseObject,
  type ResponseShell,
  responseObject,
  statusOf,
} from "./response-object.ts";

const encoder = new TextEncoder();

/** Called once with the final Response (completed, incomplete or failed), e.g. to store it. */
export type OnResponseEnd = (response: ResponseObject) => void;

type Controller = TransformStreamDefaultController<Uint8Array>;

/**
 * Chat parts in, the Responses API's semantic events out: `response.created`, then per output item
 * `response.output_item.added`, its deltas (`response.reasoning_summary_text.delta`, `response.output_text.delta`,
 * `response.function_call_arguments.delta`) and `…done` events, and finally `response.completed` (or
 * `response.incomplete`, or `response.failed` for an upstream failure or an answer that breaks the schema).
 */
export function responsesStream(
  shell: ResponseShell,
  options: { schema: OutputSchema | null; onEnd: OnResponseEnd },
): TransformStream<ChatPart, Uint8Array> {
  let sequence = 0;
  const output: OutputItem[] = [];
  let open: { item: OutputItem; text: string; toolIndex: number } | null = null;
  let finishReason: string | null = null;
  let usage: Usage | null = null;
  let answerText = "";
  let failure: { code: string; message: string } | null = null;

  const send = (controller: Controller, type: string, data: Record<string, unknown>) => {
    const event = { type, sequence_number: sequence++, ...data };
    controller.enqueue(encoder.encode(`event: ${type}\ndata: ${JSON.stringify(event)}\n\n`));
  };
  const position = () => output.length - 1;
  const close = (controller: Controller) => {
    if (!open) return;
    const { item, text } = open;
    const at = { item_id: item.id, output_index: position() };
    if (item.type === "reasoning") {
      const part = { type: "summary_text", text };
      send(controller, "response.reasoning_summary_text.done", { ...at, summary_index: 0, text });
      send(controller, "response.reasoning_summary_part.done", { ...at, summary_index: 0, part });
      item.summary = [{ type: "summary_text", text }];
    } else if (item.type === "message") {
      const part: Extract<OutputItem, { type: "message" }>["content"][number] = {
        type: "output_text",
        text,
        annotations: [],
        logprobs: [],
      };
      send(controller, "response.output_text.done", { ...at, content_index: 0, text, logprobs: [] });
      send(controller, "response.content_part.done", { ...at, content_index: 0, part });
      item.content = [part];
      item.status = "completed";
    } else {
      send(controller, "response.function_call_arguments.done", { ...at, name: item.name, arguments: text });
      item.arguments = text;
      item.status = "completed";
    }
    send(controller, "response.output_item.done", { output_index: position(), item });
    open = null;
  };
  const begin = (controller: Controller, item: OutputItem, toolIndex = -1) => {
    close(controller);
    output.push(item);
    open = { item, text: "", toolIndex };
    const added = item.type === "message" ? { ...item, content: [] } : item;
    send(controller, "response.output_item.added", { output_index: position(), item: added });
    const at = { item_id: item.id, output_index: position() };
    if (item.type === "reasoning") {
      send(controller, "response.reasoning_summary_part.added", {
        ...at,
        summary_index: 0,
        part: { type: "summary_text", text: "" },
      });
    } else if (item.type === "message") {
      const part = { type: "output_text", text: "", annotations: [], logprobs: [] };
      send(controller, "response.content_part.added", { ...at, content_index: 0, part });
    }
  };
  const snapshot = (status: Parameters<typeof responseObject>[1]) =>
    responseObject(shell, status, output, status === "in_progress" ? null : usage, failure);

  return new TransformStream({
    start(controller) {
      send(controller, "response.created", { response: snapshot("in_progress") });
      send(controller, "response.in_progress", { response: snapshot("in_progress") });
    },
    transform(part, controller) {
      if (failure) return;
      switch (part.type) {
        case "reasoning-delta":
          if (open?.item.type !== "reasoning") {
            begin(controller, { type: "reasoning", id: itemId(shell.id, "rs", output.length), summary: [] });
          }
          if (open) open.text += part.text;
          send(controller, "response.reasoning_summary_text.delta", {
            item_id: open?.item.id,
            output_index: position(),
            summary_index: 0,
            delta: part.text,
          });
          return;
        case "text-delta":
          if (open?.item.type !== "message") {
            const id = itemId(shell.id, "msg", output.length);
            begin(controller, { type: "message", id, role: "assistant", status: "in_progress", content: [] });
          }
          if (open) open.text += part.text;
          answerText += part.text;
          send(controller, "response.output_text.delta", {
            item_id: open?.item.id,
            output_index: position(),
            content_index: 0,
            delta: part.text,
            logprobs: [],
          });
          return;
        case "tool-call-start": {
          const id = itemId(shell.id, "fc", output.length);
          const item: OutputItem = {
            type: "function_call",
            id,
            call_id: part.id,
            name: part.name,
            arguments: "",
            status: "in_progress",
          };
          begin(controller, item, part.index);
          return;
        }
        case "tool-call-delta":
          if (open?.item.type !== "function_call" || open.toolIndex !== part.index) return;
          open.text += part.arguments;
          send(controller, "response.function_call_arguments.delta", {
            item_id: open.item.id,
            output_index: position(),
            delta: part.arguments,
          });
          return;
        case "finish":
          finishReason = part.reason;
          return;
        case "usage":
          usage = part.usage;
          return;
        case "error":
          close(controller);
          failure = { code: part.code, message: part.message };
          return end(controller);
        case "end":
          close(controller);
          return end(controller);
      }
    },
  });

  function end(controller: Controller) {
    const calledTools = output.some((item) => item.type === "function_call");
    if (!failure && options.schema && !calledTools) {
      const problem = options.schema.check(answerText);
      if (problem !== null) failure = schemaMismatch(options.schema, problem);
    }
    const status = failure ? "failed" : statusOf(finishReason);
    const response = snapshot(status);
    const type =
      status === "failed" ? "response.failed" : status === "incomplete" ? "response.incomplete" : "response.completed";
    send(controller, type, { response });
    options.onEnd(response);
  }
}
