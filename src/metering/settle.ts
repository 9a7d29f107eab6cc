import type { Served, Usage } from "../inference/types.ts";
import { ruleNames } from "./admission.ts";
import { costMicros, type PriceContext } from "./price-table.ts";
import type { UsageRecordInput } from "./record-usage.ts";
import { queueSettle, type SettleTarget } from "./settle-batch.ts";

/** How a proxied request ended, as far as metering cares (the inference layer's ProxyOutcome fits). */
export type MeteredOutcome = {
  usage: Usage | null;
  estimated: boolean;
  ttftMs: number | null;
  totalMs: number | null;
  status: string;
  /** Who answered (after a failover inside a committed stream, not the target the headers name); none on release. */
  served?: Served | null;
};

export type SettleInput = {
  /** The key's Limiter and where its settlements are batched (see settle-batch.ts). */
  target: SettleTarget;
  requestId: string;
  apiKeyId: string;
  model: string;
  /** The /v1 dialect the request came through (recorded on the usage row). */
  format?: string | null;
  /** What admission charged the tokens window. */
  chargedTokens: number;
  /** The budget reservation, when the key has a budget. */
  reservationId: string | null;
  /** The catalog and the request's start time its price is looked up at. */
  pricing?: PriceContext;
};

const noUsage: Usage = {
  promptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  cacheHitTokens: 0,
  cacheMissTokens: 0,
};

/** After the response: corrects the key's windows and budget to the real usage and queues the usage row. */
export function settleRequest(input: SettleInput, outcome: MeteredOutcome): void {
  const usage = outcome.usage ?? noUsage;
  const served = outcome.served ?? null;
  const cost = costMicros(input.model, served?.provider ?? null, usage, input.pricing);
  const tokens = usage.promptTokens + usage.completionTokens;
  const record: UsageRecordInput = {
    requestId: input.requestId,
    apiKeyId: input.apiKeyId,
    model: input.model,
    served,
    region: served?.region ?? null,
    usage,
    costMicros: cost,
    estimated: outcome.estimated || outcome.usage === null,
    ttftMs: outcome.ttftMs,
    totalMs: outcome.totalMs,
    status: outcome.status,
    format: input.format ?? null,
    at: Date.now(),
  };
  // One batched call settles the limits and the budget and queues the usage row (the Limiter batches D1 writes).
  queueSettle(input.target, {
    adjustments: [{ name: ruleNames.tokens, delta: tokens - input.chargedTokens }],
    budget: input.reservationId ? { reservationId: input.reservationId, actualMicros: cost } : null,
    usage: record,
  });
}

/** Releases an admission whose request failed before any output: nothing spent, one row with the error code. */
export function releaseAdmission(input: SettleInput, status: string): void {
  settleRequest(input, { usage: null, estimated: false, ttftMs: null, totalMs: null, status });
}
