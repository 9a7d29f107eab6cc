import { DurableObject } from "cloudflare:workers";
import { log } from "../lib/log.ts";
import { BudgetLedger, type BudgetReservation, type BudgetState, utcMonth } from "../metering/budget-ledger.ts";
import { monthSpendFromUsage } from "../metering/month-spend.ts";
import { type UsageRecordInput, usageInsertMany } from "../metering/record-usage.ts";
import { chargeEntry, sumEntries, waitForEntries } from "../metering/sliding-window.ts";
import { UsageOutbox } from "../metering/usage-outbox.ts";
import { type WindowEntry, WindowStore } from "../metering/window-store.ts";

/** Usage rows are copied to D1 this long after the first one queued, so one D1 statement carries many. */
const usageFlushDelayMs = 200;
const usageFlushBatch = 100;
/** After a failed copy, the alarm tries again this much later. */
const usageRetryMs = 5_000;
/**
 * Windows at least this long (tokens per day) are kept in the object's storage: losing one on an eviction or a
 * deploy would forgive up to a day. Shorter ones (the partner API's rpm/tpm, messages per minute) stay in memory
 * only, so the /v1 hot path does no storage write: losing them forgives at most a minute.
 */
const persistFromMs = 60 * 60_000;

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

type Entry = WindowEntry;

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
  /** Queued here and copied to D1 in batches shortly after (see flushUsage). */
  usage?: UsageRecordInput;
};

/** A slice of a subject's windows for one isolate: each rule's `cost` must fit, up to `slices[i]` is granted. */
export type LeaseRequest = { rules: LimitRule[]; slices: number[] };
/** What a lease call charged: `granted[i]` units of rule i (0 each when refused), and the windows after it. */
export type LeaseGrant = ConsumeResult & { granted: number[] };

/**
 * Sliding-window limits that hold across isolates and locations: one object per subject
 * (`key:<id>`, `visitor:<id>`, `ip:<addr>`), all its rules checked and charged atomically.
 * Windows live in memory (a Durable Object is single-threaded); the long ones are also written through to the
 * object's SQLite storage (see persistFromMs), one row per bucket, so an eviction does not forgive the day.
 */
export class Limiter extends DurableObject<Env> {
  private readonly windows = new Map<string, Entry[]>();
  /** Names of the windows written through to storage. */
  private readonly stored = new Set<string>();
  private store: WindowStore | null = null;
  private ledger: BudgetLedger | null = null;
  private outbox: UsageOutbox | null = null;
  private pendingUsage: UsageRecordInput[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Rate limits and budget reservation in one round trip, atomically: a request refused for either
   * reason charges nothing. The budget is checked first so an exhausted key does not eat its rpm.
   */
  async admit(request: AdmitRequest): Promise<AdmitResult> {
    const now = Date.now();
    let budget: BudgetState | null = null;
    if (request.budget) {
      const ledger = await this.ledgerFor(request.budget.apiKeyId, utcMonth(now));
      budget = ledger.state(utcMonth(now), request.budget.limitMicros, now);
      if (budget.spentMicros + budget.reservedMicros + request.budget.micros > request.budget.limitMicros) {
        const states = this.peek(request.rules);
        return { allowed: false, retryAfterMs: 0, states, refusal: "budget", budget };
      }
    }
    const consumed = this.consume(request.rules);
    if (!consumed.allowed) return { ...consumed, refusal: "rate_limit", budget };
    if (request.budget && this.ledger) {
      const reserved = this.ledger.reserve(request.budget, now);
      budget = reserved.state;
      if (!reserved.allowed) {
        // Another call got in between the check and here: undo this call's rate charges.
        for (const rule of request.rules) this.adjust(rule.name, -rule.cost);
        return { allowed: false, retryAfterMs: 0, states: this.peek(request.rules), refusal: "budget", budget };
      }
    }
    return { ...consumed, refusal: null, budget };
  }

  /**
   * An isolate's lease (src/metering/admission-lease.ts): if every rule has room for its cost, charges each
   * min(room, slice) and says how much; else nothing. Unused units come back as `settleMany` adjustments.
   */
  lease(request: LeaseRequest): LeaseGrant {
    const now = Date.now();
    const { allowed, retryAfterMs, rooms } = this.room(request.rules, now);
    const granted = request.rules.map((rule, index) =>
      allowed ? Math.max(rule.cost, Math.min(rooms[index] ?? 0, request.slices[index] ?? rule.cost)) : 0,
    );
    request.rules.forEach((rule, index) => {
      const amount = granted[index] ?? 0;
      if (amount > 0) this.charge(rule.name, now, amount);
    });
    const states = request.rules.map((rule) => this.state(rule, now));
    return { allowed, retryAfterMs, states, granted };
  }

  /** Settles a batch of requests (and lease give-backs) from one isolate in one call. */
  settleMany(requests: SettleRequest[]): void {
    for (const request of requests) this.settle(request);
  }

  /** Settles one admitted request: token windows to real usage, budget reservation to real cost, usage row queued. */
  settle(request: SettleRequest): void {
    for (const adjustment of request.adjustments) this.adjust(adjustment.name, adjustment.delta);
    if (request.budget) {
      this.ledger ??= new BudgetLedger(this.ctx.storage.sql);
      this.ledger.settle(request.budget.reservationId, request.budget.actualMicros, Date.now());
    }
    if (request.usage) {
      this.pendingUsage.push(request.usage);
      if (this.pendingUsage.length >= usageFlushBatch) void this.flushUsage();
      else this.flushTimer ??= setTimeout(() => void this.flushUsage(), usageFlushDelayMs);
    }
  }

  /**
   * Copies the queued usage rows to D1 in one batch. Rows wait in memory (a storage write per request
   * measured at ~40% of the Worker's throughput); only if D1 fails are they written to the object's
   * storage, for the alarm to retry.
   */
  private async flushUsage(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const rows = this.pendingUsage.splice(0);
    if (rows.length === 0) return;
    try {
      const result = await usageInsertMany(this.env.DB, rows).run();
      // Request ids are server-made per call: fewer rows than sent can only be retries of rows already written.
      if (result.meta.changes < rows.length)
        log.warn("usage_duplicate", { rows: rows.length, written: result.meta.changes });
    } catch (error) {
      log.warn("usage_flush_deferred", { rows: rows.length, error: String(error) });
      this.outbox ??= new UsageOutbox(this.ctx.storage.sql);
      for (const row of rows) this.outbox.add(row);
      await this.ctx.storage.setAlarm(Date.now() + usageRetryMs);
    }
  }

  /** Retries usage rows D1 refused earlier; throwing makes the runtime retry the alarm with backoff. */
  override async alarm(): Promise<void> {
    this.outbox ??= new UsageOutbox(this.ctx.storage.sql);
    for (;;) {
      const rows = this.outbox.peek(usageFlushBatch);
      const last = rows.at(-1);
      if (!last) return;
      const records = rows.map((row) => row.record);
      await usageInsertMany(this.env.DB, records).run();
      this.outbox.removeThrough(last.seq);
    }
  }

  /** The ledger, with this month's spend seeded from D1 the first time the object sees the month. */
  private async ledgerFor(apiKeyId: string, month: string): Promise<BudgetLedger> {
    this.ledger ??= new BudgetLedger(this.ctx.storage.sql);
    const ledger = this.ledger;
    if (!ledger.hasMonth(month)) {
      // Block other calls while D1 answers, so no reservation is made against a half-known month.
      await this.ctx.blockConcurrencyWhile(async () => {
        if (ledger.hasMonth(month)) return;
        ledger.seedMonth(month, await monthSpendFromUsage(this.env.DB, apiKeyId, month));
      });
    }
    return ledger;
  }

  /** Charges every rule if all of them have room; otherwise charges nothing. */
  consume(rules: LimitRule[]): ConsumeResult {
    const now = Date.now();
    const { allowed, retryAfterMs } = this.room(rules, now);
    if (allowed) {
      for (const rule of rules) if (rule.cost > 0) this.charge(rule.name, now, rule.cost);
    }
    const states = rules.map((rule) => this.state(rule, now));
    return { allowed, retryAfterMs, states };
  }

  /** Whether every rule has room for its cost, how long until it would, and each rule's room left. */
  private room(rules: LimitRule[], now: number): { allowed: boolean; retryAfterMs: number; rooms: number[] } {
    let retryAfterMs = 0;
    const rooms = rules.map((rule) => {
      const entries = this.prune(rule, now);
      const used = sumEntries(entries);
      const excess = used + rule.cost - rule.limit;
      if (excess > 0) retryAfterMs = Math.max(retryAfterMs, waitForEntries(entries, excess, rule.windowMs, now));
      return rule.limit - used;
    });
    return { allowed: rules.every((rule, index) => rule.cost <= (rooms[index] ?? 0)), retryAfterMs, rooms };
  }

  /** Corrects an earlier charge once the real cost is known (e.g. tokens reserved vs used); delta may be negative. */
  adjust(name: string, delta: number): void {
    if (delta === 0) return;
    const entries = this.windows.get(name);
    if (!entries) return;
    if (delta > 0) {
      this.charge(name, Date.now(), delta);
      return;
    }
    let refund = -delta;
    for (let index = entries.length - 1; index >= 0 && refund > 0; index--) {
      const entry = entries[index]!;
      const taken = Math.min(entry.cost, refund);
      entry.cost -= taken;
      refund -= taken;
      if (this.stored.has(name)) this.store?.save(name, entry);
    }
  }

  /** Adds `cost` to the window's current bucket (and writes the bucket through when the window is stored). */
  private charge(name: string, now: number, cost: number): void {
    const entries = this.windows.get(name);
    if (!entries) return;
    const entry = chargeEntry(entries, now, cost);
    if (this.stored.has(name)) this.store?.save(name, entry);
  }

  /** Current state of rules without charging anything. */
  peek(rules: Array<Omit<LimitRule, "cost">>): LimitState[] {
    const now = Date.now();
    return rules.map((rule) => this.state({ ...rule, cost: 0 }, now));
  }

  private prune(rule: LimitRule, now: number): Entry[] {
    let entries = this.windows.get(rule.name);
    if (!entries) {
      entries = this.open(rule);
      this.windows.set(rule.name, entries);
    }
    const cutoff = now - rule.windowMs;
    let drop = 0;
    while (drop < entries.length && entries[drop]!.at <= cutoff) drop++;
    if (drop > 0) {
      entries.splice(0, drop);
      if (this.stored.has(rule.name)) this.store?.prune(rule.name, cutoff);
    }
    return entries;
  }

  /** A window seen for the first time since the object started: a long one is read back from storage. */
  private open(rule: LimitRule): Entry[] {
    if (rule.windowMs < persistFromMs) return [];
    this.store ??= new WindowStore(this.ctx.storage.sql);
    // One row per 100 ms bucket that was charged: a day window is charged once per finished turn, so its rows
    // number the turns of the day (at most the messages/minute limit times 1,440).
    this.stored.add(rule.name);
    return this.store.load(rule.name);
  }

  private state(rule: LimitRule, now: number): LimitState {
    const entries = this.prune(rule, now);
    const used = sumEntries(entries);
    const remaining = Math.max(0, rule.limit - used);
    return {
      name: rule.name,
      limit: rule.limit,
      remaining,
      resetMs: remaining > 0 ? 0 : waitForEntries(entries, used - rule.limit + 1, rule.windowMs, now),
      drainMs: used > 0 ? Math.max(0, (entries[entries.length - 1]?.at ?? now) + rule.windowMs - now) : 0,
    };
  }
}
