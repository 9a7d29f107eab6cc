import type { AdmitResult, LeaseGrant, LimitRule, LimitState, SettleRequest } from "../durable/limiter/limit-types.ts";
import type { Limiter } from "../durable/limiter.ts";
import { log } from "../lib/log.ts";

/** How long an isolate keeps a lease before giving back what it did not use. */
export const leaseTtlMs = 1_000;
/** A lease asks for this share of each limit (at least the request's own cost, at most what is left). */
const leaseShare = 10;

/** Units of a subject's windows this isolate holds: granted by the Limiter, spent here without calling it. */
type Lease = {
  /** The rules' names and limits: a key whose limits changed starts a new lease. */
  signature: string;
  rules: LimitRule[];
  left: number[];
  /** The Limiter's windows right after its latest grant (the rest of the isolate's view is `left`). */
  states: LimitState[];
  grantedAt: number;
  expiresAt: number;
};

/** Per subject: the lease, the lease calls and give-backs in flight, and how many give-backs have completed. */
type Slot = { lease: Lease | null; inflight: Set<Promise<unknown>>; givebacks: number };

const slots = new Map<string, Slot>();

/** Where lease calls go and how a give-back outlives the request that started it. */
export type LeaseContext = {
  subject: string;
  limiter: () => DurableObjectStub<Limiter>;
  waitUntil: (promise: Promise<unknown>) => void;
};

/**
 * Admits one request against `rules` like `Limiter.admit` (no budget), but from an isolate-local lease while it
 * has room: only an empty or expired lease costs a call to the Limiter, which grants this request's cost plus a
 * slice (limit / 10, never more than is left). The total admitted across isolates never exceeds a limit, since
 * every unit was granted by the one Limiter; unused units go back when the lease expires (leaseTtlMs).
 * A refused request first waits for this isolate's grants still in flight and looks again, so a burst on one
 * isolate admits exactly the limit. The x-ratelimit-* figures are this isolate's view: the Limiter's windows at
 * its latest grant plus what the lease still holds (other isolates' use since then is not in them).
 */
export async function admitFromLease(context: LeaseContext, rules: LimitRule[]): Promise<AdmitResult> {
  let slot = slots.get(context.subject);
  if (!slot) {
    if (slots.size >= 10_000) slots.clear();
    slot = { lease: null, inflight: new Set(), givebacks: 0 };
    slots.set(context.subject, slot);
  }
  const local = takeLocal(context, slot, rules);
  if (local) return local;
  for (let attempt = 0; ; attempt++) {
    const givebacksBefore = slot.givebacks;
    const slices = rules.map((rule) => Math.max(rule.cost, Math.ceil(rule.limit / leaseShare)));
    const grant = await tracked(slot, context.limiter().lease({ rules, slices }));
    if (grant.allowed) return addGrant(context, slot, rules, grant);
    // Grants the Limiter made before refusing this one may still be on their way here: wait, then look again.
    await Promise.allSettled([...slot.inflight]);
    const later = takeLocal(context, slot, rules);
    if (later) return later;
    // A give-back that landed after the refusal may have made room: ask once more.
    if (slot.givebacks === givebacksBefore || attempt > 0) {
      return { ...grant, states: view(slot.lease, grant.states, Date.now()), refusal: "rate_limit", budget: null };
    }
  }
}

function signatureOf(rules: LimitRule[]): string {
  return rules.map((rule) => `${rule.name}:${rule.limit}:${rule.windowMs}`).join(",");
}

function takeLocal(context: LeaseContext, slot: Slot, rules: LimitRule[]): AdmitResult | null {
  const lease = slot.lease;
  if (!lease) return null;
  const now = Date.now();
  if (lease.expiresAt <= now || lease.signature !== signatureOf(rules)) {
    giveBack(context, slot, lease);
    return null;
  }
  if (!rules.every((rule, index) => rule.cost <= (lease.left[index] ?? 0))) return null;
  rules.forEach((rule, index) => {
    lease.left[index] = (lease.left[index] ?? 0) - rule.cost;
  });
  return { allowed: true, retryAfterMs: 0, states: view(lease, lease.states, now), refusal: null, budget: null };
}

function addGrant(context: LeaseContext, slot: Slot, rules: LimitRule[], grant: LeaseGrant): AdmitResult {
  const now = Date.now();
  const extra = rules.map((rule, index) => (grant.granted[index] ?? rule.cost) - rule.cost);
  const current = slot.lease;
  if (current && current.expiresAt > now && current.signature === signatureOf(rules)) {
    extra.forEach((units, index) => {
      current.left[index] = (current.left[index] ?? 0) + units;
    });
    current.states = grant.states;
    current.grantedAt = now;
  } else {
    if (current) giveBack(context, slot, current);
    const lease: Lease = {
      signature: signatureOf(rules),
      rules,
      left: extra,
      states: grant.states,
      grantedAt: now,
      expiresAt: now + leaseTtlMs,
    };
    slot.lease = lease;
    context.waitUntil(
      new Promise((resolve) => setTimeout(resolve, leaseTtlMs)).then(() => {
        if (slot.lease === lease) giveBack(context, slot, lease);
      }),
    );
  }
  return { allowed: true, retryAfterMs: 0, states: view(slot.lease, grant.states, now), refusal: null, budget: null };
}

/** Ends a lease and returns its unused units to the Limiter (one call, tracked so refusals can wait for it). */
function giveBack(context: LeaseContext, slot: Slot, lease: Lease): void {
  if (slot.lease === lease) slot.lease = null;
  const adjustments = lease.rules
    .map((rule, index) => ({ name: rule.name, delta: -(lease.left[index] ?? 0) }))
    .filter((adjustment) => adjustment.delta < 0);
  lease.left = lease.left.map(() => 0);
  if (adjustments.length === 0) return;
  const request: SettleRequest = { adjustments, budget: null };
  const call = tracked(slot, context.limiter().settleMany([request])).then(
    () => {
      slot.givebacks++;
    },
    (error: unknown) => log.warn("lease_giveback_failed", { subject: context.subject, error: String(error) }),
  );
  context.waitUntil(call);
}

function tracked<T>(slot: Slot, promise: Promise<T>): Promise<T> {
  slot.inflight.add(promise);
  const done = () => slot.inflight.delete(promise);
  promise.then(done, done);
  return promise;
}

/** The Limiter's windows at its latest grant, with the units this isolate still holds counted as remaining. */
function view(lease: Lease | null, states: LimitState[], now: number): LimitState[] {
  const elapsed = lease ? now - lease.grantedAt : 0;
  return states.map((state, index) => {
    const remaining = state.remaining + (lease?.left[index] ?? 0);
    return {
      ...state,
      remaining,
      resetMs: remaining > 0 ? 0 : state.resetMs,
      drainMs: Math.max(0, state.drainMs - elapsed),
    };
  });
}
