import type { AnswerPlan } from "./answer.ts";
import { sleep, untilAborted, write, writeFlushed, writeInPieces } from "./io.ts";
import { type CompletionJob, completionTokens, tokenInterval } from "./job.ts";
import { chunkJson, type Delta, SSE_DONE, sseEvent, usageChunkJson } from "./protocol.ts";

/** One SSE event with the token slot it is paced on (-1 = sent right after the previous event). */
type Step = { text: string; slot: number };

const KEEPALIVE_PREFIX = ": keep-alive\n\n\n: keep-alive\n\n\n\n: keep-alive\n\n";
const MALFORMED_LINE = 'data: {"choices":[{"delta":{"content":\n\n';

/** Streams a completion as DeepSeek-style SSE, applying pacing and stream faults. */
export async function streamCompletion(job: CompletionJob): Promise<void> {
  const { res, signal, fault } = job;
  const { steps, contentStart } = buildSteps(job);
  const contentCount = completionTokens(job.plan) - job.plan.reasoning.length;
  const stopAt =
    fault === "drop" || fault === "stall" ? contentStart + Math.min(job.options.dropAfter, contentCount) : -1;
  const malformedAt = fault === "malformed" ? contentStart + Math.floor(contentCount / 2) : -1;
  const interval = tokenInterval(job);
  const paced = interval > 0 || job.options.ttftMs > 0 || fault === "split";

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  let pending = fault === "keepalive" ? KEEPALIVE_PREFIX : "";
  if (paced) {
    res.flushHeaders();
    if (pending && !(await write(res, pending, signal))) return;
    pending = "";
  }
  const startedAt = performance.now() + job.options.ttftMs;
  // Set while the first token's event sits in `pending`; the write that carries it is timestamped.
  let firstTokenPending = false;
  const writing = (): void => {
    if (!firstTokenPending) return;
    firstTokenPending = false;
    job.onFirstToken?.(performance.timeOrigin + performance.now());
  };
  // stopAt is always < steps.length: the [DONE] step comes after every content step.
  for (const [i, step] of steps.entries()) {
    if (i === stopAt) {
      writing();
      await writeFlushed(res, pending);
      if (fault === "drop") job.dropConnection();
      else await untilAborted(signal);
      return;
    }
    if (i === malformedAt) pending += MALFORMED_LINE;
    if (step.slot >= 0 && paced) {
      if (pending) writing();
      if (pending && !(await write(res, pending, signal))) return;
      pending = "";
      const due = startedAt + step.slot * interval;
      if (!(await sleep(due - performance.now(), signal))) return;
    }
    firstTokenPending ||= i === 0 && step.slot >= 0;
    if (fault === "split") {
      writing();
      if (!(await writeInPieces(res, pending + step.text, signal))) return;
      pending = "";
    } else {
      pending += step.text;
    }
  }
  if (signal.aborted) return;
  writing();
  res.end(pending);
}

function buildSteps(job: CompletionJob): { steps: Step[]; contentStart: number } {
  const { who, plan, reasoningField } = job;
  const explicitNulls = job.nullReasoningOnContent && reasoningField !== null;
  const crlfUntil = job.fault === "keepalive" ? Math.ceil(completionTokens(plan) / 2) : 0;
  const steps: Step[] = [];
  // DeepSeek (job.usageOnFinish): `usage: null` on every chunk when include_usage is set, the usage itself on
  // the closing chunk either way (see CompletionJob.usageOnFinish).
  const everyChunkUsage = job.usageOnFinish && job.includeUsage ? null : undefined;
  const push = (delta: Delta, finish: string | null, slot = steps.length): void => {
    if (steps.length === 0) delta.role = "assistant";
    const usage = finish !== null && job.usageOnFinish ? job.usage : everyChunkUsage;
    steps.push({
      text: sseEvent(chunkJson(who, orderDelta(delta), finish, usage), steps.length < crlfUntil),
      slot,
    });
  };
  const answer = (content: string): Delta =>
    explicitNulls && reasoningField ? { content, [reasoningField]: null } : { content };
  for (const token of plan.reasoning) {
    push(
      job.nullReasoningOnContent ? { content: null, [reasoningField ?? ""]: token } : { [reasoningField ?? ""]: token },
      null,
    );
  }
  const contentStart = steps.length;
  if (plan.toolCall) {
    pushToolCall(plan.toolCall, push);
  } else {
    const closingChunk = job.usageOnFinish && plan.content.length > 0;
    for (const [i, token] of plan.content.entries()) {
      push(answer(token), i === plan.content.length - 1 && !closingChunk ? plan.finishReason : null);
    }
    // DeepSeek's last chunk carries no new content: the finish reason and the usage, right after the last token.
    if (closingChunk) push(answer(""), plan.finishReason, -1);
    if (plan.content.length === 0) push(answer(""), plan.finishReason);
  }
  if (job.includeUsage && !job.usageOnFinish) steps.push({ text: sseEvent(usageChunkJson(who, job.usage)), slot: -1 });
  steps.push({ text: SSE_DONE, slot: -1 });
  return { steps, contentStart };
}

/** A tool call in OpenAI's delta format: id and name first, then the arguments in pieces, then the finish. */
function pushToolCall(
  toolCall: NonNullable<AnswerPlan["toolCall"]>,
  push: (delta: Delta, finish: string | null) => void,
) {
  const { call, pieces } = toolCall;
  const head = { index: 0, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
  push({ content: null, tool_calls: [head] }, null);
  for (const piece of pieces) push({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null);
  push({}, "tool_calls");
}

function orderDelta(delta: Delta): Delta {
  return delta.role ? { role: delta.role, ...delta } : delta;
}
