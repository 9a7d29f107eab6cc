import { chargeEntry, sumEntries, waitForEntries } from "../../metering/sliding-window.ts";
import { type WindowEntry, WindowStore } from "../../metering/window-store.ts";
import type { ConsumeResult, LeaseGrant, LeaseRequest, LimitRule, LimitState } from "./limit-types.ts";

/**
 * Windows at least this long (tokens per day) are kept in the object's storage: losing one on an eviction or a
 * deploy would forgive up to a day. Shorter ones (the partner API's rpm/tpm, messages per minute) stay in memory
 * only, so the /v1 hot path does no storage write: losing them forgives at most a minute.
 */
const persistFromMs = 60 * 60_000;

/**
 * One subject's sliding windows, by rule name. They live in memory (a Durable Object is single-threaded); the
 * long ones are also written through to the object's SQLite storage, one row per bucket, so an eviction does not
 * forgive the day.
 */
export class SlidingWindows {
  private readonly windows = new Map<string, WindowEntry[]>();
  /** Names of the windows written through to storage. */
  private readonly stored = new Set<string>();
  private store: WindowStore | null = null;

  constructor(private readonly sql: SqlStorage) {}

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

  /** If every rule has room for its cost, charges each min(room, slice) and says how much; else nothing. */
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

  /** Current state of rules without charging anything. */
  peek(rules: Array<Omit<LimitRule, "cost">>): LimitState[] {
    const now = Date.now();
    return rules.map((rule) => this.state({ ...rule, cost: 0 }, now));
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

  /** Adds `cost` to the window's current bucket (and writes the bucket through when the window is stored). */
  private charge(name: string, now: number, cost: number): void {
    const entries = this.windows.get(name);
    if (!entries) return;
    const entry = chargeEntry(entries, now, cost);
    if (this.stored.has(name)) this.store?.save(name, entry);
  }

  private prune(rule: LimitRule, now: number): WindowEntry[] {
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
  private open(rule: LimitRule): WindowEntry[] {
    if (rule.windowMs < persistFromMs) return [];
    this.store ??= new WindowStore(this.sql);
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
