import type { UsageRecordInput } from "./record-usage.ts";

/**
 * Usage rows D1 refused, kept in a Durable Object's SQLite storage until a retry copies them (so a D1
 * outage loses no usage); copied in batches.
 */
export class UsageOutbox {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS usage_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL)`);
  }

  /** Queues one row. */
  add(record: UsageRecordInput): void {
    this.sql.exec(`INSERT INTO usage_outbox (record) VALUES (?)`, JSON.stringify(record));
  }

  /** The oldest `limit` queued rows. */
  peek(limit: number): Array<{ seq: number; record: UsageRecordInput }> {
    return this.sql
      .exec<{ seq: number; record: string }>(`SELECT seq, record FROM usage_outbox ORDER BY seq LIMIT ?`, limit)
      .toArray()
      .map((row) => ({ seq: row.seq, record: JSON.parse(row.record) as UsageRecordInput }));
  }

  /** Forgets rows up to and including `seq` (they are in D1 now). */
  removeThrough(seq: number): void {
    this.sql.exec(`DELETE FROM usage_outbox WHERE seq <= ?`, seq);
  }

  /** True when nothing is waiting. */
  isEmpty(): boolean {
    return this.sql.exec(`SELECT 1 FROM usage_outbox LIMIT 1`).toArray().length === 0;
  }
}
