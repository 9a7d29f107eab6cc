import type { ServerResponse } from "node:http";
import type { AnswerPlan } from "./answer.ts";
import type { RequestOptions } from "./options.ts";
import type { CompletionIdentity } from "./protocol.ts";
import type { Usage } from "./usage.ts";

/** Everything needed to deliver one valid chat completion. */
export type CompletionJob = {
  res: ServerResponse;
  signal: AbortSignal;
  who: CompletionIdentity;
  plan: AnswerPlan;
  usage: Usage;
  /**
   * The field reasoning travels in (`reasoning_content` on DeepSeek, `reasoning` on vLLM), or null when the
   * request does not think.
   */
  reasoningField: string | null;
  /** DeepSeek sends `reasoning_content: null` on the answer's deltas of a thinking request; vLLM omits it. */
  nullReasoningOnContent: boolean;
  includeUsage: boolean;
  /**
   * DeepSeek: usage rides on the last chunk (no new content, the finish reason) whether or not the client set
   * `include_usage`, which only adds `usage: null` to every other chunk; no usage-only chunk. vLLM: OpenAI's
   * usage-only chunk (`choices: []`), and only with `include_usage`.
   */
  usageOnFinish: boolean;
  options: RequestOptions;
  fault: string | null;
  dropConnection(): void;
  /** Told the wall-clock time (see RecentRequest.firstTokenAt) when the first token is written. */
  onFirstToken?(at: number): void;
};

/** Milliseconds between tokens for a job (the `drip` fault forces 150 ms). */
export function tokenInterval(job: CompletionJob): number {
  if (job.fault === "drip") return 150;
  return job.options.tps > 0 ? 1000 / job.options.tps : 0;
}

/** Tokens the answer is made of: reasoning, text and the pieces of a tool call's arguments. */
export function completionTokens(plan: AnswerPlan): number {
  return plan.reasoning.length + plan.content.length + (plan.toolCall?.pieces.length ?? 0);
}
