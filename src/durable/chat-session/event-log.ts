import type { LiveEvent, LiveEventBody } from "../../conversations/types.ts";

// Seqs are reserved in blocks so the counter costs one storage write per block, not per token,
// and a restarted object (eviction, crash) still never reuses a seq a client has seen.
const seqBlock = 512;
// Finished turns keep their turn-start, turn-end and title events so a client that was away gets the outcome.
const keptEvents = 12;

/**
 * The conversation's event numbering and the small persisted tail of finished turns' events
 * (in the object's SQLite storage), so seq stays strictly increasing across evictions.
 */
export class EventLog {
  private seq = 0;
  private reserved = 0;
  private opened = false;

  // Tables are created on first use, not in the constructor: a send naming someone else's (or no)
  // conversation reaches the object before ownership is known, and must leave no storage behind.
  constructor(private readonly sql: SqlStorage) {}

  private open(): SqlStorage {
    if (this.opened) return this.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    this.sql.exec("CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    const row = this.sql.exec<{ value: number }>("SELECT value FROM state WHERE key = 'seq_reserved'").toArray()[0];
    this.reserved = row?.value ?? 0;
    this.seq = this.reserved;
    this.opened = true;
    return this.sql;
  }

  /** The last seq handed out. */
  get lastSeq(): number {
    this.open();
    return this.seq;
  }

  /** Numbers an event. */
  stamp(body: LiveEventBody): LiveEvent {
    const sql = this.open();
    this.seq += 1;
    if (this.seq > this.reserved) {
      this.reserved = this.seq + seqBlock;
      sql.exec(
        "INSERT INTO state (key, value) VALUES ('seq_reserved', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        this.reserved,
      );
    }
    return { ...body, seq: this.seq };
  }

  /** Keeps an event that outlives the live turn (turn-start, turn-end, title). */
  persist(event: LiveEvent): void {
    const sql = this.open();
    sql.exec("INSERT OR REPLACE INTO events (seq, body) VALUES (?, ?)", event.seq, JSON.stringify(event));
    sql.exec("DELETE FROM events WHERE seq NOT IN (SELECT seq FROM events ORDER BY seq DESC LIMIT ?)", keptEvents);
  }

  /** Persisted events with after < seq < before, oldest first. */
  persistedBetween(after: number, before: number): LiveEvent[] {
    return (
      this.open()
        .exec<{ body: string }>("SELECT body FROM events WHERE seq > ? AND seq < ? ORDER BY seq", after, before)
        .toArray()
        // Written by persist() from a LiveEvent: trusted, so not re-validated on every reconnect.
        .map((row) => JSON.parse(row.body) as LiveEvent)
    );
  }
}
