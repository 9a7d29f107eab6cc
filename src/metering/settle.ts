import type { Limiter } from "../durable/limiter.ts";
import type { Served, Usage } from "../inference/types.ts";
import { log } from "../lib/log.ts";
import { ruleNames } from "./admission.ts";
import { costMicros } from "./price-table.ts";
import { recordUsage, type UsageRecordInput } from "./record-usage.ts";

/** How a proxied request ended, as far as metering cares (the inference layer's ProxyOutcome fits). */
export type MeteredOutcome = {
  usage: Usage | null;
  estimated: boolean;
  ttftMs: number | null;
  totalMs: number | null;
  status: string;
};

export type SettleInput = {
  db: D1Database;
  limiter: DurableObjectStub<Limiter>;
  requestId: string;
  apiKeyId: string;
  model: string;
  served: Served | null;
  /** What admission charged the tokens window. */
  chargedTokens: number;
  /** The budget reservation, when the key has a budget. */
  reservationId: string | null;
};

const noUsage: Usage = {
  promptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  cacheHitTokens: 0,
  cacheMissTokens: 0,
};

/** After the response: corrects the key's windows and budget to the real usage and writes the usage row. */
export async function settleRequest(input: SettleInput, outcome: MeteredOutcome): Promise<void> {
  const usage = outcome.usage ?? noUsage;
  const cost = costMicros(input.model, input.served?.provider ?? null, usage);
  const tokens = usage.promptTokens + usage.completionTokens;
  const record: UsageRecordInput = {
    requestId: input.requestId,
    apiKeyId: input.apiKeyId,
    model: input.model,
    served: input.served,
    region: input.served?.region ?? null,
    usage,
    estimated: outcome.estimated || outcome.usage === null,
    ttftMs: outcome.ttftMs,
    totalMs: outcome.totalMs,
    status: outcome.status,
    at: Date.now(),
  };
  try {
    // One call settles the limits and the budget and queues the usage row (the Limiter batches D1 writes).
    await input.limiter.settle({
      adjustments: [{ name: ruleNames.tokens, delta: tokens - input.chargedTokens }],
      budget: input.reservationId ? { reservationId: input.reservationId, actualMicros: cost } : null,
      usage: record,
    });
  } catch (error) {
    log.error("settle_failed", { requestId: input.requestId, error: String(error) });
    // The usage row must not be lost with the call: write it straight to D1.
    await recordUsage(input.db, record).catch((writeError: unknown) =>
      log.error("metering_failed", { requestId: input.requestId, error: String(writeError) }),
    );
  }
}

/** Releases an admission whose request failed before any output: nothing spent, one row with the error code. */
export async function releaseAdmission(input: SettleInput, status: string): Promise<void> {
  await settleRequest(input, { usage: null, estimated: false, ttftMs: null, totalMs: null, status });
}
