import { BudgetLedger, type BudgetReservation, type BudgetState, utcMonth } from "../../metering/budget-ledger.ts";
import { monthSpendFromUsage } from "../../metering/month-spend.ts";

/**
 * A partner key's monthly budget inside its Limiter: the ledger in the object's storage, with each month's spend
 * seeded from D1 the first time the object sees the month.
 */
export class LimiterBudget {
  private ledger: BudgetLedger | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly db: D1Database,
  ) {}

  /** Whether `reservation` would fit this month, and the month's state (read before any rate window is charged). */
  async check(reservation: BudgetReservation & { apiKeyId: string }, now: number) {
    const ledger = await this.ledgerFor(reservation.apiKeyId, utcMonth(now));
    const state: BudgetState = ledger.state(utcMonth(now), reservation.limitMicros, now);
    const fits = state.spentMicros + state.reservedMicros + reservation.micros <= reservation.limitMicros;
    return { fits, state };
  }

  /** Reserves the worst case if it still fits (after `check`); otherwise reserves nothing. */
  reserve(reservation: BudgetReservation, now: number): { allowed: boolean; state: BudgetState } {
    this.ledger ??= new BudgetLedger(this.ctx.storage.sql);
    return this.ledger.reserve(reservation, now);
  }

  /** Settles a reservation to the request's real cost. */
  settle(reservationId: string, actualMicros: number, now: number): void {
    this.ledger ??= new BudgetLedger(this.ctx.storage.sql);
    this.ledger.settle(reservationId, actualMicros, now);
  }

  private async ledgerFor(apiKeyId: string, month: string): Promise<BudgetLedger> {
    this.ledger ??= new BudgetLedger(this.ctx.storage.sql);
    const ledger = this.ledger;
    if (!ledger.hasMonth(month)) {
      // Block other calls while D1 answers, so no reservation is made against a half-known month.
      await this.ctx.blockConcurrencyWhile(async () => {
        if (ledger.hasMonth(month)) return;
        ledger.seedMonth(month, await monthSpendFromUsage(this.db, apiKeyId, month));
      });
    }
    return ledger;
  }
}
