import { dayBucket, hourBucket, rollupWatermark } from "../upkeep/rollups.ts";

const hourMs = 3_600_000;

/**
 * Each key's spend in the current UTC month, in micro-dollars: daily rollups for the days before the rollups'
 * watermark, hourly rollups for that day's earlier hours, and raw rows only from the watermark's hour on (a
 * short range on the created_at index). A display figure; budgets are enforced by the Limiter's ledger, which
 * also counts requests still in flight.
 */
export async function spendThisMonth(db: D1Database, now: number = Date.now()): Promise<Map<string, number>> {
  const monthStart = Date.parse(`${new Date(now).toISOString().slice(0, 7)}-01T00:00:00Z`);
  // Never past now: the watermark hour's rollup row is partial, so that hour is always read raw.
  const watermark = Math.min(await rollupWatermark(db), now);
  const rawFrom = Math.floor(Math.max(watermark, monthStart) / hourMs) * hourMs;
  const [daily, hourly, raw] = await db.batch<{ api_key_id: string; spent: number }>([
    db
      .prepare(
        `SELECT api_key_id, SUM(cost_micros) AS spent FROM usage_daily
         WHERE api_key_id != '' AND bucket >= ?1 AND bucket < ?2 GROUP BY api_key_id`,
      )
      .bind(dayBucket(monthStart), dayBucket(rawFrom)),
    db
      .prepare(
        `SELECT api_key_id, SUM(cost_micros) AS spent FROM usage_hourly
         WHERE api_key_id != '' AND bucket >= ?1 AND bucket < ?2 GROUP BY api_key_id`,
      )
      .bind(`${dayBucket(rawFrom)}T`, hourBucket(rawFrom)),
    db
      .prepare(
        `SELECT api_key_id, SUM(cost_micros) AS spent FROM usage
         WHERE created_at >= ?1 AND api_key_id IS NOT NULL GROUP BY api_key_id`,
      )
      .bind(rawFrom),
  ]);
  const spend = new Map<string, number>();
  for (const result of [daily, hourly, raw]) {
    for (const row of result?.results ?? []) spend.set(row.api_key_id, (spend.get(row.api_key_id) ?? 0) + row.spent);
  }
  return spend;
}
