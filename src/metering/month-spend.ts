/** What a key has spent in a UTC month according to D1's usage rows (seeds a budget the Limiter has not seen). */
export async function monthSpendFromUsage(db: D1Database, apiKeyId: string, month: string): Promise<number> {
  const row = await db
    .prepare(`SELECT COALESCE(SUM(cost_micros), 0) AS spent FROM usage WHERE api_key_id = ? AND day >= ? AND day <= ?`)
    .bind(apiKeyId, `${month}-01`, `${month}-31`)
    .first<{ spent: number }>();
  return row?.spent ?? 0;
}
