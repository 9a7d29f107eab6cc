import { DurableObject } from "cloudflare:workers";
import { LimiterBudget } from "./limiter/budget.ts";
import type {
  AdmitRequest,
  AdmitResult,
  ConsumeResult,
  LeaseGrant,
  LeaseRequest,
  LimitRule,
  LimitState,
  SettleRequest,
} from "./limiter/limit-types.ts";
import { UsageSink } from "./limiter/usage-sink.ts";
import { SlidingWindows } from "./limiter/windows.ts";

/**
 * Limits that hold across isolates and locations: one object per subject (see limiter/limiter-for.ts), with
 * three jobs kept in their own modules: sliding windows (all of a call's rules checked and charged atomically),
 * a partner key's monthly budget ledger, and the sink that copies settled /v1 usage rows to D1.
 */
export class Limiter extends DurableObject<Env> {
  private readonly windows = new SlidingWindows(this.ctx.storage.sql);
  private readonly budget = new LimiterBudget(this.ctx, this.env.DB);
  private readonly usage = new UsageSink(this.env.DB, this.ctx.storage);

  /**
   * Rate limits and budget reservation in one round trip, atomically: a request refused for either
   * reason charges nothing. The budget is checked first so an exhausted key does not eat its rpm.
   */
  async admit(request: AdmitRequest): Promise<AdmitResult> {
    const now = Date.now();
    let budget: AdmitResult["budget"] = null;
    if (request.budget) {
      const check = await this.budget.check(request.budget, now);
      budget = check.state;
      if (!check.fits) {
        return { allowed: false, retryAfterMs: 0, states: this.peek(request.rules), refusal: "budget", budget };
      }
    }
    const consumed = this.consume(request.rules);
    if (!consumed.allowed) return { ...consumed, refusal: "rate_limit", budget };
    if (request.budget) {
      const reserved = this.budget.reserve(request.budget, now);
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
    return this.windows.lease(request);
  }

  /** Settles a batch of requests (and lease give-backs) from one isolate in one call. */
  settleMany(requests: SettleRequest[]): void {
    for (const request of requests) this.settle(request);
  }

  /** Settles one admitted request: token windows to real usage, budget reservation to real cost, usage row queued. */
  settle(request: SettleRequest): void {
    for (const adjustment of request.adjustments) this.adjust(adjustment.name, adjustment.delta);
    if (request.budget) this.budget.settle(request.budget.reservationId, request.budget.actualMicros, Date.now());
    if (request.usage) this.usage.add(request.usage);
  }

  /** Retries usage rows D1 refused earlier; throwing makes the runtime retry the alarm with backoff. */
  override async alarm(): Promise<void> {
    await this.usage.retry();
  }

  /** Charges every rule if all of them have room; otherwise charges nothing. */
  consume(rules: LimitRule[]): ConsumeResult {
    return this.windows.consume(rules);
  }

  /** Corrects an earlier charge once the real cost is known (e.g. tokens reserved vs used); delta may be negative. */
  adjust(name: string, delta: number): void {
    this.windows.adjust(name, delta);
  }

  /** Current state of rules without charging anything. */
  peek(rules: Array<Omit<LimitRule, "cost">>): LimitState[] {
    return this.windows.peek(rules);
  }
}
