/** Tables whose rows carry an expiry; each is cleaned only if the table and column exist in this deployment. */
const expiring: ReadonlyArray<{ table: string; column: string }> = [
  { table: "shares", column: "expires_at" },
  { table: "stored_responses", column: "expires_at" },
  { table: "account_sessions", column: "expires_at" },
  { table: "webauthn_challenges", column: "expires_at" },
];

/**
 * Deletes revoked shares (nothing reads them again, and they hold a copy of the conversation), rows past their
 * `expires_at` (epoch ms) in the tables that have one, and the item index of stored responses no longer there.
 * Returns the rows removed per table.
 */
export async function removeExpiredRows(db: D1Database, now: number): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  const revoked = await db
    .prepare(`DELETE FROM shares WHERE revoked_at IS NOT NULL AND revoked_at < ?`)
    .bind(now)
    .run();
  removed["shares (revoked)"] = revoked.meta.changes;
  for (const { table, column } of expiring) {
    if (!(await hasColumn(db, table, column))) continue;
    const result = await db
      .prepare(`DELETE FROM ${table} WHERE ${column} IS NOT NULL AND ${column} < ?`)
      .bind(now)
      .run();
    removed[table] = (removed[table] ?? 0) + result.meta.changes;
  }
  // A stored response's item index lives as long as the response (a continued conversation extends only the
  // responses' expiries): its rows go once their response is gone.
  if (await hasColumn(db, "stored_response_items", "response_id")) {
    const orphans = await db
      .prepare(
        `DELETE FROM stored_response_items WHERE NOT EXISTS (SELECT 1 FROM stored_responses r
           WHERE r.id = stored_response_items.response_id AND r.api_key_id = stored_response_items.api_key_id)`,
      )
      .run();
    removed.stored_response_items = orphans.meta.changes;
  }
  return removed;
}

async function hasColumn(db: D1Database, table: string, column: string): Promise<boolean> {
  const { results } = await db.prepare(`SELECT name FROM pragma_table_info(?)`).bind(table).all<{ name: string }>();
  return results.some((row) => row.name === column);
}
