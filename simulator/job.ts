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
  reasoner: boolean;
  includeUsage: boolean;
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
