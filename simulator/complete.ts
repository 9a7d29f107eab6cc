import { sleep, untilAborted, write, writeFlushed, writeInPieces } from "./io.ts";
import { type CompletionJob, completionTokens, tokenInterval } from "./job.ts";
import { completionJson } from "./protocol.ts";

/** Sends a non-streamed `chat.completion`, applying pacing and the body-level faults. */
export async function sendCompletion(job: CompletionJob): Promise<void> {
  const { res, signal, fault, plan } = job;
  const reasoning = job.reasoningField ? { field: job.reasoningField, text: plan.reasoning.join("") } : null;
  const message = { content: plan.content.join(""), reasoning, toolCall: plan.toolCall?.call ?? null };
  const body = completionJson(job.who, message, plan.finishReason, job.usage);
  const delay = job.options.ttftMs + completionTokens(plan) * tokenInterval(job);
  res.writeHead(200, { "content-type": "application/json" });
  if (fault === "keepalive") {
    // DeepSeek keeps non-streamed requests alive with blank lines before the JSON body.
    if (!(await write(res, "\n\n", signal))) return;
    if (!(await sleep(Math.max(delay / 2, 5), signal))) return;
    if (!(await write(res, "\n", signal))) return;
  }
  if (!(await sleep(delay, signal))) return;
  const half = body.slice(0, Math.floor(body.length / 2));
  if (fault === "drop") {
    await writeFlushed(res, half);
    job.dropConnection();
  } else if (fault === "stall") {
    await writeFlushed(res, half);
    await untilAborted(signal);
  } else if (fault === "malformed") {
    res.end(half);
  } else if (fault === "split") {
    if (await writeInPieces(res, body, signal)) res.end();
  } else {
    res.end(body);
  }
}
