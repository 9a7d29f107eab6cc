import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type AnswerPlan, planAnswer } from "./answer.ts";
import { type AnthropicTurn, readAnthropicTurn } from "./anthropic-input.ts";
import { beginExchange, type ServerContext, undeserializable } from "./exchange.ts";
import { sendJson } from "./io.ts";
import { selfHosted } from "./options.ts";
import { namedEvent, type PacedEvent, writePaced } from "./paced.ts";
import { reasoningBudget } from "./thinking.ts";
import { chooseToolCall } from "./tools.ts";
import { promptTokens } from "./usage.ts";

const STOP_REASONS = { stop: "end_turn", length: "max_tokens", tool_calls: "tool_use" } as const;

/**
 * `POST …/v1/messages` in Anthropic's Messages format, as DeepSeek serves it under `/anthropic`
 * (https://api-docs.deepseek.com/guides/anthropic_api) and vLLM serves it: text, thinking and tool_use blocks,
 * stop sequences, Anthropic's usage fields, and the streaming events message_start, ping, content_block_start,
 * content_block_delta (text_delta, thinking_delta, signature_delta, input_json_delta), content_block_stop,
 * message_delta and message_stop (https://docs.anthropic.com/en/docs/build-with-claude/streaming).
 */
export async function handleMessages(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  pathOptions: Record<string, string>,
  path: string,
): Promise<void> {
  const exchange = await beginExchange(req, res, ctx, pathOptions, path, "messages");
  if (!exchange) return;
  const { request, options } = exchange;
  if (!request) return undeserializable(res);
  const turn = readAnthropicTurn(request, options.legacy, selfHosted(options.engine));
  if ("status" in turn) return sendJson(res, turn.status, turn.body, turn.headers);
  const plan = planAnswer({
    messages: turn.messages,
    answerTokens: options.answerTokens,
    reasoningTokens: reasoningBudget(turn.thinking, options.reasoningTokens),
    maxTokens: turn.maxTokens,
    unicode: false,
    toolCall: chooseToolCall(turn.tools, turn.choice, turn.messages),
    stop: turn.stop,
    demo: options.demo,
  });
  const message = messageJson(turn, plan);
  if (!exchange.entry.stream) return sendJson(res, 200, JSON.stringify(message));
  return writePaced(res, exchange, streamEvents(message, plan));
}

type Block = Record<string, unknown> & { type: string };
type Message = {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: Block[];
  stop_reason: string;
  stop_sequence: string | null;
  usage: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
  };
};

function messageJson(turn: AnthropicTurn, plan: AnswerPlan): Message {
  const content: Block[] = [];
  if (plan.reasoning.length > 0)
    content.push({ type: "thinking", thinking: plan.reasoning.join(""), signature: signature() });
  if (plan.toolCall) {
    const { call } = plan.toolCall;
    content.push({
      type: "tool_use",
      id: `toolu_${call.id.slice(5)}`,
      name: call.name,
      input: JSON.parse(call.arguments),
    });
  } else {
    content.push({ type: "text", text: plan.content.join("") });
  }
  const { prompt, hit } = promptTokens(turn.messages);
  const output = plan.reasoning.length + plan.content.length + (plan.toolCall?.pieces.length ?? 0);
  return {
    id: `msg_sim_${randomUUID().replace(/-/g, "")}`,
    type: "message",
    role: "assistant",
    model: turn.model,
    content,
    stop_reason: plan.stopSequence ? "stop_sequence" : STOP_REASONS[plan.finishReason],
    stop_sequence: plan.stopSequence,
    usage: {
      input_tokens: prompt - hit,
      output_tokens: output,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: hit,
    },
  };
}

/** The message as Anthropic's stream of events, one delta per token. */
function streamEvents(message: Message, plan: AnswerPlan): PacedEvent[] {
  const start = {
    ...message,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { ...message.usage, output_tokens: 0 },
  };
  const events: PacedEvent[] = [
    { text: namedEvent("message_start", { type: "message_start", message: start }), token: false },
    { text: namedEvent("ping", { type: "ping" }), token: false },
  ];
  const emit = (name: string, data: Record<string, unknown>, token = false) =>
    events.push({ text: namedEvent(name, { type: name, ...data }), token });
  message.content.forEach((block, index) => {
    if (block.type === "thinking") {
      emit("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } });
      for (const piece of plan.reasoning)
        emit("content_block_delta", { index, delta: { type: "thinking_delta", thinking: piece } }, true);
      emit("content_block_delta", { index, delta: { type: "signature_delta", signature: block.signature } });
    } else if (block.type === "tool_use") {
      emit("content_block_start", { index, content_block: { ...block, input: {} } });
      for (const piece of plan.toolCall?.pieces ?? []) {
        emit("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: piece } }, true);
      }
    } else {
      emit("content_block_start", { index, content_block: { type: "text", text: "" } });
      for (const piece of plan.content)
        emit("content_block_delta", { index, delta: { type: "text_delta", text: piece } }, true);
    }
    emit("content_block_stop", { index });
  });
  emit("message_delta", {
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
    usage: { output_tokens: message.usage.output_tokens },
  });
  emit("message_stop", {});
  return events;
}

function signature(): string {
  return Buffer.from(`simulated-signature-${randomUUID()}`).toString("base64");
}
