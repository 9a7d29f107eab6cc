import { DurableObject } from "cloudflare:workers";

/**
 * Requests in flight on one provider account, across every isolate: one object per limited target
 * (`getByName(targetId)`), used only for targets whose policy sets `maxConcurrency` (DeepSeek's account limit:
 * 2,500 for flash, 500 for pro). A slot is a row with an expiry, so a slot an isolate never released (it was
 * evicted mid-stream) frees itself; released slots go at once.
 */
export class ConcurrencyGate extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS slots (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)");
      this.ctx.storage.sql.exec("CREATE INDEX IF NOT EXISTS slots_expiry ON slots (expires_at)");
    });
  }

  /** Takes a slot when fewer than `limit` are held; its id, or null at the limit. */
  acquire(limit: number, ttlMs: number): string | null {
    const now = Date.now();
    this.ctx.storage.sql.exec("DELETE FROM slots WHERE expires_at <= ?", now);
    if (this.inUse() >= limit) return null;
    const id = crypto.randomUUID();
    this.ctx.storage.sql.exec("INSERT INTO slots (id, expires_at) VALUES (?, ?)", id, now + ttlMs);
    return id;
  }

  /** Gives a slot back (unknown or expired ids are ignored). */
  release(id: string): void {
    this.ctx.storage.sql.exec("DELETE FROM slots WHERE id = ?", id);
  }

  /** Slots held now (for the operator's provider view). */
  inUse(): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM slots").one().n;
  }
}
