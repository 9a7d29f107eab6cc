// The Limiter's vocabulary: what its RPC methods take and return (see ../limiter.ts).
import type { BudgetReservation, BudgetState } from "../../metering/budget-ledger.ts";
import type { UsageRecordInput } from "../../metering/record-usage.ts";

/** One limit to check: at most `limit` units of cost within any sliding window of `windowMs`. */
export type LimitRule = { name: string; limit: number; windowMs: number; cost: number };

export type LimitState = {
  name: string;
  limit: number;
  /** Units left in the current window after this call. */
  remaining: number;
  /** Milliseconds until one more unit becomes available (0 when some remain). */
  resetMs: number;
  /** Milliseconds until everything charged so far has left the window (OpenAI's x-ratelimit-reset-*). */
  drainMs: number;
};

export type ConsumeResult = {
  allowed: boolean;
  /** When refused: how long until the call could succeed. */
  retryAfterMs: number;
  states: LimitState[];
};

/** One request's admission: its rate rules and, for a key with a budget, a worst-case reservation. */
export type AdmitRequest = { rules: LimitRule[]; budget: (BudgetReservation & { apiKeyId: string }) | null };

export type AdmitResult = ConsumeResult & {
  /** Why a refused request was refused. */
  refusal: "rate_limit" | "budget" | null;
  budget: BudgetState | null;
};

/** Once the real cost is known: token-window corrections, the budget reservation's real cost, the usage row. */
export type SettleRequest = {
  adjustments: Array<{ name: string; delta: number }>;
  budget: { reservationId: string; actualMicros: number } | null;
  /** Queued and copied to D1 in batches shortly after (see usage-sink.ts). */
  usage?: UsageRecordInput;
};

/** A slice of a subject's windows for one isolate: each rule's `cost` must fit, up to `slices[i]` is granted. */
export type LeaseRequest = { rules: LimitRule[]; slices: number[] };
/** What a lease call charged: `granted[i]` units of rule i (0 each when refused), and the windows after it. */
export type LeaseGrant = ConsumeResult & { granted: number[] };
