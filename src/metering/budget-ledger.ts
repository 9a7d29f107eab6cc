/** Reservations not settled within this time are forgotten (their request died without settling). */
export const reservationLifetimeMs = 30 * 60_000;

/** A budget check for one request. */
export type BudgetReservation = {
  /** Unique per request; settling uses it. */
  reservationId: string;
  limitMicros: number;
  /** Worst-case cost of the request. */
  micros: number;
};

export type BudgetState = {
  limitMicros: number;
  spentMicros: number;
  reservedMicros: number;
  month: string;
};

/** UTC calendar month (YYYY-MM) of an epoch-millisecond time. */
export function utcMonth(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/**
 * A key's monthly spend and in-flight reservations, in the Limiter object's SQLite storage so that a
 * budget survives eviction. The object is single-threaded, so check-then-reserve is atomic.
 */
export class BudgetLedger {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS budget_spend (month TEXT PRIMARY KEY, spent_micros INTEGER NOT NULL)`);
    sql.exec(
      `CREATE TABLE IF NOT EXISTS budget_reservations (id TEXT PRIMARY KEY, month TEXT NOT NULL,
        micros INTEGER NOT NULL, created_at INTEGER NOT NULL)`,
    );
  }

  /** True once this month's spend is known (seeded or charged). */
  hasMonth(month: string): boolean {
    return this.sql.exec(`SELECT 1 FROM budget_spend WHERE month = ?`, month).toArray().length > 0;
  }

  /** Sets the starting spend of a month we have no record of (e.g. from D1 usage rows). */
  seedMonth(month: string, spentMicros: number): void {
    this.sql.exec(`INSERT OR IGNORE INTO budget_spend (month, spent_micros) VALUES (?, ?)`, month, spentMicros);
  }

  /** Current state of a month. */
  state(month: string, limitMicros: number, now: number): BudgetState {
    const spent = this.sql
      .exec<{ spent: number }>(`SELECT spent_micros AS spent FROM budget_spend WHERE month = ?`, month)
      .toArray()[0];
    const reserved = this.sql
      .exec<{ reserved: number | null }>(
        `SELECT SUM(micros) AS reserved FROM budget_reservations WHERE month = ? AND created_at > ?`,
        month,
        now - reservationLifetimeMs,
      )
      .one();
    return { limitMicros, spentMicros: spent?.spent ?? 0, reservedMicros: reserved.reserved ?? 0, month };
  }

  /** Reserves the worst case if spent + in-flight + it fits the limit; otherwise reserves nothing. */
  reserve(request: BudgetReservation, now: number): { allowed: boolean; state: BudgetState } {
    const month = utcMonth(now);
    const state = this.state(month, request.limitMicros, now);
    if (state.spentMicros + state.reservedMicros + request.micros > request.limitMicros) {
      return { allowed: false, state };
    }
    this.sql.exec(
      `INSERT OR REPLACE INTO budget_reservations (id, month, micros, created_at) VALUES (?, ?, ?, ?)`,
      request.reservationId,
      month,
      request.micros,
      now,
    );
    return { allowed: true, state: { ...state, reservedMicros: state.reservedMicros + request.micros } };
  }

  /** Replaces a reservation by the real cost (charged to the reservation's month, or the current one). */
  settle(reservationId: string, actualMicros: number, now: number): void {
    const row = this.sql
      .exec<{ month: string }>(`SELECT month FROM budget_reservations WHERE id = ?`, reservationId)
      .toArray()[0];
    const month = row?.month ?? utcMonth(now);
    this.sql.exec(
      `DELETE FROM budget_reservations WHERE id = ? OR created_at <= ?`,
      reservationId,
      now - reservationLifetimeMs,
    );
    this.sql.exec(
      `INSERT INTO budget_spend (month, spent_micros) VALUES (?, ?)
       ON CONFLICT (month) DO UPDATE SET spent_micros = spent_micros + excluded.spent_micros`,
      month,
      Math.max(0, Math.round(actualMicros)),
    );
  }
}
