import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isReasonerModel, planAnswer } from "./answer.ts";
import { sendCompletion } from "./complete.ts";
import { chooseFault, isStatusFault, STATUS_FAULTS, statusFaultResponse } from "./faults.ts";
import { readBody, sendJson, untilAborted } from "./io.ts";
import { isRecord, toPlainMessages } from "./messages.ts";
import { type DefaultOptions, resolveOptions } from "./options.ts";
import { errorJson } from "./protocol.ts";
import type { RecentRequest, RequestOutcome, StatsStore } from "./stats.ts";
import { streamCompletion } from "./stream.ts";
import { buildUsage } from "./usage.ts";

/** Shared server state a chat request needs. */
export type ChatContext = { defaults: DefaultOptions; stats: StatsStore };

const BEHAVIOUR_FAULTS = ["hang", "drop-before", "drop", "stall", "malformed", "keepalive", "drip", "split"];

/** Handles `POST …/chat/completions`: parses, records stats, then answers or misbehaves as configured. */
export async function handleChat(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ChatContext,
  pathOptions: Record<string, string>,
  path: string,
): Promise<void> {
  const receivedAt = performance.timeOrigin + performance.now();
  const options = resolveOptions(ctx.defaults, pathOptions, req.headers);
  let raw: string;
  try {
    raw = await readBody(req);
  } catch {
    req.socket.destroy();
    return;
  }
  const body = parseJson(raw);
  const request = isRecord(body) ? body : {};
  const model = typeof request.model === "string" && request.model ? request.model : "deepseek-chat";
  const stream = request.stream === true;
  const includeUsage = stream && isRecord(request.stream_options) && request.stream_options.include_usage === true;
  const fault = chooseFault(options.fault, options.failrate);

  const entry: RecentRequest = {
    label: options.label,
    path,
    model,
    stream,
    fault,
    status: 0,
    aborted: false,
    includeUsage,
    at: Date.now(),
    receivedAt,
    firstTokenAt: null,
  };
  const finish = ctx.stats.begin(entry);
  const controller = new AbortController();
  let dropped = false;
  const onClose = (): void => {
    controller.abort();
    const outcome: RequestOutcome = res.writableFinished ? "completed" : dropped ? "dropped" : "aborted";
    finish(outcome, res.headersSent ? res.statusCode : 0);
  };
  if (res.destroyed) return onClose();
  res.on("close", onClose);
  const dropConnection = (): void => {
    dropped = true;
    req.socket.destroy();
  };

  if (fault !== null && !STATUS_FAULTS.includes(fault) && !BEHAVIOUR_FAULTS.includes(fault)) {
    const known = [...STATUS_FAULTS, ...BEHAVIOUR_FAULTS].join(", ");
    return sendJson(
      res,
      400,
      errorJson(`Unknown simulator fault "${fault}" (known: ${known})`, "invalid_request_error"),
    );
  }
  if (fault !== null && isStatusFault(fault)) {
    const error = statusFaultResponse(fault);
    return sendJson(res, error.status, error.body, error.headers);
  }
  if (fault === "hang") return untilAborted(controller.signal);
  if (fault === "drop-before") return dropConnection();

  const messages = toPlainMessages(request.messages);
  if (!isRecord(body)) {
    return sendJson(
      res,
      400,
      errorJson("Failed to deserialize the JSON body into the target type", "invalid_request_error"),
    );
  }
  if (messages === null) {
    return sendJson(res, 400, errorJson("messages: missing field `messages`", "invalid_request_error"));
  }

  const reasoner = isReasonerModel(model);
  const plan = planAnswer({
    messages,
    model,
    answerTokens: options.answerTokens,
    reasoningTokens: options.reasoningTokens,
    maxTokens: maxTokensOf(request),
    unicode: fault === "split",
  });
  const job = {
    res,
    signal: controller.signal,
    who: { id: `chatcmpl-sim-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model },
    plan,
    usage: buildUsage(messages, plan.reasoning.length, plan.content.length),
    reasoner,
    includeUsage,
    options,
    fault,
    dropConnection,
    onFirstToken: (at: number) => {
      entry.firstTokenAt = at;
    },
  };
  return stream ? streamCompletion(job) : sendCompletion(job);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function maxTokensOf(request: Record<string, unknown>): number | null {
  for (const key of ["max_completion_tokens", "max_tokens"]) {
    const value = request[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.floor(value);
  }
  return null;
}
