/** One bucket of a sliding window: the units charged within it, stamped with the bucket's end. */
export type WindowEntry = { at: number; cost: number };

/**
 * Long sliding windows (a visitor's tokens per day) kept in a Durable Object's SQLite storage, so that an eviction
 * or a deploy does not forgive the day. One row per bucket, written as the bucket changes; rows that left the
 * window are deleted as the Limiter prunes it.
 */
export class WindowStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS limit_windows (name TEXT NOT NULL, at INTEGER NOT NULL, cost REAL NOT NULL,
        PRIMARY KEY (name, at)) WITHOUT ROWID`,
    );
  }

  /** The stored buckets of a window, oldest first. */
  load(name: string): WindowEntry[] {
    return this.sql
      .exec<WindowEntry>(`SELECT at, cost FROM limit_windows WHERE name = ? ORDER BY at`, name)
      .toArray()
      .map((row) => ({ at: row.at, cost: row.cost }));
  }

  /** Writes one bucket's current total. */
  save(name: string, entry: WindowEntry): void {
    this.sql.exec(
      `INSERT INTO limit_windows (name, at, cost) VALUES (?, ?, ?)
       ON CONFLICT (name, at) DO UPDATE SET cost = excluded.cost`,
      name,
      entry.at,
      entry.cost,
    );
  }

  /** Forgets the buckets that left the window (stamped at or before `cutoff`). */
  prune(name: string, cutoff: number): void {
    this.sql.exec(`DELETE FROM limit_windows WHERE name = ? AND at <= ?`, name, cutoff);
  }
}
