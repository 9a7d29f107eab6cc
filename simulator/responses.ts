import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type AnswerPlan, planAnswer } from "./answer.ts";
import { beginExchange, type ServerContext, undeserializable } from "./exchange.ts";
import { sendJson } from "./io.ts";
import { namedEvent, type PacedEvent, writePaced } from "./paced.ts";
import { type ResponsesTurn, readResponsesTurn, storeConversation } from "./responses-input.ts";
import { reasoningBudget } from "./thinking.ts";
import { chooseToolCall } from "./tools.ts";
import { promptTokens } from "./usage.ts";

type Item = Record<string, unknown> & { type: string; id: string };

/**
 * `POST …/responses`: OpenAI's Responses format, which DeepSeek serves (https://api-docs.deepseek.com/quick_start/pricing,
 * "Responses API") as vLLM does: reasoning, message and function_call output items, `previous_response_id` over
 * stored responses, and the semantic stream (response.created … response.completed, with
 * response.reasoning_text.delta, response.output_text.delta and response.function_call_arguments.delta).
 */
export async function handleResponses(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  pathOptions: Record<string, string>,
  path: string,
): Promise<void> {
  const exchange = await beginExchange(req, res, ctx, pathOptions, path, "responses");
  if (!exchange) return;
  const { request, options } = exchange;
  if (!request) return undeserializable(res);
  const turn = readResponsesTurn(request, options);
  if ("status" in turn) return sendJson(res, turn.status, turn.body, turn.headers);
  const plan = planAnswer({
    messages: turn.messages,
    answerTokens: options.answerTokens,
    reasoningTokens: reasoningBudget(turn.thinking, options.reasoningTokens),
    maxTokens: turn.maxTokens,
    unicode: false,
    format: turn.format,
    toolCall: chooseToolCall(turn.tools, turn.choice, turn.messages),
    demo: options.demo,
  });
  const response = responseJson(request, turn, plan);
  if (request.store !== false) {
    const said = plan.toolCall ? "" : plan.content.join("");
    storeConversation(response.id as string, [
      ...turn.messages.filter((m) => m.role !== "system"),
      { role: "assistant", text: said },
    ]);
  }
  if (!exchange.entry.stream) return sendJson(res, 200, JSON.stringify(response));
  return writePaced(res, exchange, streamEvents(response, plan));
}

function responseJson(
  request: Record<string, unknown>,
  turn: ResponsesTurn,
  plan: AnswerPlan,
): Record<string, unknown> {
  const output: Item[] = [];
  if (plan.reasoning.length > 0) {
    const text = plan.reasoning.join("");
    output.push({
      type: "reasoning",
      id: `rs_${id()}`,
      summary: [],
      content: [{ type: "reasoning_text", text }],
      status: "completed",
    });
  }
  if (plan.toolCall) {
    const { call } = plan.toolCall;
    output.push({
      type: "function_call",
      id: `fc_${id()}`,
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
      status: "completed",
    });
  } else {
    const part = { type: "output_text", text: plan.content.join(""), annotations: [], logprobs: [] };
    output.push({ type: "message", id: `msg_${id()}`, status: "completed", role: "assistant", content: [part] });
  }
  const { prompt, hit } = promptTokens(turn.messages);
  const outputTokens = plan.reasoning.length + plan.content.length + (plan.toolCall?.pieces.length ?? 0);
  const incomplete = plan.finishReason === "length";
  return {
    id: `resp_${id()}`,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status: incomplete ? "incomplete" : "completed",
    error: null,
    incomplete_details: incomplete ? { reason: "max_output_tokens" } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: turn.maxTokens,
    model: turn.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: turn.thinking.enabled ? turn.thinking.effort : "none", summary: null },
    store: request.store !== false,
    temperature: 1,
    text: {
      format:
        turn.format.type === "json_schema"
          ? (request.text as Record<string, unknown>).format
          : { type: turn.format.type },
    },
    tool_choice: request.tool_choice ?? "auto",
    tools: Array.isArray(request.tools) ? request.tools : [],
    top_p: 1,
    truncation: "disabled",
    usage: {
      input_tokens: prompt,
      input_tokens_details: { cached_tokens: hit },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: plan.reasoning.length },
      total_tokens: prompt + outputTokens,
    },
    metadata: {},
  };
}

/** The response as the Responses API's semantic events, one delta per token. */
function streamEvents(response: Record<string, unknown>, plan: AnswerPlan): PacedEvent[] {
  const events: PacedEvent[] = [];
  let sequence = 0;
  const emit = (type: string, data: Record<string, unknown>, token = false) =>
    events.push({ text: namedEvent(type, { type, sequence_number: sequence++, ...data }), token });
  const pending = { ...response, status: "in_progress", output: [], usage: null, incomplete_details: null };
  emit("response.created", { response: pending });
  emit("response.in_progress", { response: pending });
  (response.output as Item[]).forEach((item, output_index) => {
    const item_id = item.id;
    if (item.type === "reasoning") {
      const part = { type: "reasoning_text", text: plan.reasoning.join("") };
      emit("response.output_item.added", { output_index, item: { ...item, content: [], status: "in_progress" } });
      emit("response.content_part.added", { item_id, output_index, content_index: 0, part: { ...part, text: "" } });
      for (const delta of plan.reasoning) {
        emit("response.reasoning_text.delta", { item_id, output_index, content_index: 0, delta }, true);
      }
      emit("response.reasoning_text.done", { item_id, output_index, content_index: 0, text: part.text });
      emit("response.content_part.done", { item_id, output_index, content_index: 0, part });
    } else if (item.type === "function_call") {
      emit("response.output_item.added", { output_index, item: { ...item, arguments: "", status: "in_progress" } });
      for (const delta of plan.toolCall?.pieces ?? [])
        emit("response.function_call_arguments.delta", { item_id, output_index, delta }, true);
      emit("response.function_call_arguments.done", {
        item_id,
        output_index,
        name: item.name,
        arguments: item.arguments,
      });
    } else {
      const part = (item.content as Array<Record<string, unknown>>)[0] ?? {};
      emit("response.output_item.added", { output_index, item: { ...item, content: [], status: "in_progress" } });
      emit("response.content_part.added", { item_id, output_index, content_index: 0, part: { ...part, text: "" } });
      for (const delta of plan.content)
        emit("response.output_text.delta", { item_id, output_index, content_index: 0, delta, logprobs: [] }, true);
      emit("response.output_text.done", { item_id, output_index, content_index: 0, text: part.text, logprobs: [] });
      emit("response.content_part.done", { item_id, output_index, content_index: 0, part });
    }
    emit("response.output_item.done", { output_index, item });
  });
  emit(response.status === "incomplete" ? "response.incomplete" : "response.completed", { response });
  return events;
}

function id(): string {
  return randomUUID().replace(/-/g, "");
}
