import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { planAnswer } from "./answer.ts";
import { chatDialect, readStop } from "./chat-dialect.ts";
import { sendCompletion } from "./complete.ts";
import { beginExchange, type ServerContext, undeserializable } from "./exchange.ts";
import { sendJson } from "./io.ts";
import { completionTokens } from "./job.ts";
import { isRecord, toPlainMessages } from "./messages.ts";
import { errorJson } from "./protocol.ts";
import { streamCompletion } from "./stream.ts";
import { reasoningBudget } from "./thinking.ts";
import { chooseToolCall, offeredTools, readToolChoice } from "./tools.ts";
import { buildUsage } from "./usage.ts";

/** Handles `POST …/chat/completions`: parses, records stats, then answers or misbehaves as configured. */
export async function handleChat(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  pathOptions: Record<string, string>,
  path: string,
): Promise<void> {
  const exchange = await beginExchange(req, res, ctx, pathOptions, path, "chat");
  if (!exchange) return;
  const { request, options, fault } = exchange;
  if (!request) return undeserializable(res);
  const messages = toPlainMessages(request.messages);
  if (messages === null) {
    return sendJson(res, 400, errorJson("messages: missing field `messages`", "invalid_request_error"));
  }
  const dialect = chatDialect(request, options);
  if ("status" in dialect) return sendJson(res, dialect.status, dialect.body, dialect.headers);

  const toolCall = chooseToolCall(offeredTools(request.tools), readToolChoice(request.tool_choice), messages);
  const plan = planAnswer({
    messages,
    answerTokens: options.answerTokens,
    reasoningTokens: reasoningBudget(dialect.thinking, options.reasoningTokens),
    maxTokens: maxTokensOf(request),
    unicode: fault === "split",
    format: dialect.format,
    toolCall,
    stop: readStop(request.stop),
    demo: options.demo,
    prefix: assistantPrefix(request.messages),
  });
  const thinks = dialect.thinking.enabled;
  const job = {
    res,
    signal: exchange.signal,
    who: { id: `chatcmpl-sim-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model: dialect.model },
    plan,
    usage: buildUsage(messages, plan.reasoning.length, completionTokens(plan) - plan.reasoning.length, dialect.usage),
    reasoningField: thinks ? dialect.reasoningField : null,
    nullReasoningOnContent: dialect.explicitNulls,
    includeUsage: exchange.entry.includeUsage,
    usageOnFinish: dialect.usage === "deepseek",
    options,
    fault,
    dropConnection: exchange.dropConnection,
    onFirstToken: (at: number) => {
      exchange.entry.firstTokenAt = at;
    },
  };
  return exchange.entry.stream ? streamCompletion(job) : sendCompletion(job);
}

/** The last message's content when it is an assistant prefix (`prefix: true`, DeepSeek's beta chat prefix completion). */
function assistantPrefix(messages: unknown): string | null {
  const last = Array.isArray(messages) ? messages.at(-1) : null;
  if (!isRecord(last) || last.role !== "assistant" || last.prefix !== true) return null;
  return typeof last.content === "string" ? last.content : "";
}

function maxTokensOf(request: Record<string, unknown>): number | null {
  for (const key of ["max_completion_tokens", "max_tokens"]) {
    const value = request[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.floor(value);
  }
  return null;
}
