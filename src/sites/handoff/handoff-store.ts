// Hand-offs in D1: written before anything is delivered (a failing webhook never loses the visitor's message),
// then updated by the courier after each attempt.
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { handoffs } from "../../db/schema.ts";

type HandoffRow = typeof handoffs.$inferSelect;

/** A hand-off as the code uses it. */
export type Handoff = Omit<HandoffRow, "userId">;

/** What the courier needs for one attempt. */
export type PendingHandoff = Pick<HandoffRow, "id" | "siteId" | "payload" | "attempts" | "status">;

/** Stores a new hand-off: `pending` when the site has a webhook, else `stored` (the owner reads it in the console). */
export async function insertHandoff(
  db: D1Database,
  handoff: Pick<
    HandoffRow,
    "id" | "siteId" | "conversationId" | "userId" | "email" | "note" | "payload" | "createdAt"
  > & {
    deliver: boolean;
  },
): Promise<void> {
  const { deliver, ...row } = handoff;
  await drizzle(db)
    .insert(handoffs)
    .values({ ...row, status: deliver ? "pending" : "stored", nextAttemptAt: deliver ? handoff.createdAt : null });
}

/** The hand-off to attempt, or null when it is gone (its conversation was erased) or no longer pending. */
export async function readPendingHandoff(db: D1Database, id: string): Promise<PendingHandoff | null> {
  const row = await drizzle(db)
    .select({
      id: handoffs.id,
      siteId: handoffs.siteId,
      payload: handoffs.payload,
      attempts: handoffs.attempts,
      status: handoffs.status,
    })
    .from(handoffs)
    .where(and(eq(handoffs.id, id), eq(handoffs.status, "pending")))
    .get();
  return row ?? null;
}

/** Records an attempt's outcome: delivered, failed for good, or failed with the next attempt's time. */
export async function recordAttempt(
  db: D1Database,
  id: string,
  outcome: { delivered: true } | { delivered: false; error: string; nextAttemptAt: number | null },
): Promise<void> {
  const attempts = sql`${handoffs.attempts} + 1`;
  const values = outcome.delivered
    ? { status: "delivered" as const, attempts, deliveredAt: Date.now(), nextAttemptAt: null, lastError: null }
    : {
        status: outcome.nextAttemptAt === null ? ("failed" as const) : ("pending" as const),
        attempts,
        lastError: outcome.error.slice(0, 500),
        nextAttemptAt: outcome.nextAttemptAt,
      };
  await drizzle(db).update(handoffs).set(values).where(eq(handoffs.id, id));
}

/** A page of the site's hand-offs, newest first (`before`: the createdAt of the last one of the previous page). */
export async function listHandoffs(db: D1Database, siteId: string, limit: number, before?: number): Promise<Handoff[]> {
  const where =
    before === undefined
      ? eq(handoffs.siteId, siteId)
      : and(eq(handoffs.siteId, siteId), lt(handoffs.createdAt, before));
  const rows = await drizzle(db)
    .select()
    .from(handoffs)
    .where(where)
    .orderBy(desc(handoffs.createdAt), desc(handoffs.id))
    .limit(limit);
  return rows.map(({ userId: _userId, ...handoff }) => handoff);
}
