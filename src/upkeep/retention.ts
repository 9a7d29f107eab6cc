import type { RetentionPolicy } from "../config/retention.ts";
import { log } from "../lib/log.ts";
import { deleteConversation } from "./delete-conversation.ts";

const dayMs = 86_400_000;
/** Conversations deleted per run (each costs a Durable Object call); the rest wait for the next run. */
export const retentionBatch = 2_000;
/** Deletions in flight at once. */
const parallel = 8;
/** Visitors with nothing stored are removed once their row is this old. */
export const emptyVisitorGraceMs = 7 * dayMs;

/**
 * The ids of anonymous conversations idle past their owner's plan retention (`RETENTION_DAYS`), oldest first. A
 * plan with no limit keeps everything; a conversation whose visitor row is gone gets the default retention. An
 * account's conversations are kept until its owner deletes them: keeping history is what the account is for.
 */
export async function dueConversations(
  db: D1Database,
  policy: RetentionPolicy,
  now: number,
  limit: number = retentionBatch,
): Promise<string[]> {
  const cutoff = (days: number | null) => (days === null ? -1 : now - days * dayMs);
  const plans = Object.entries(policy.plans);
  const values: Array<string | number> = [];
  const cases = plans
    .map(([plan, days]) => {
      values.push(plan, cutoff(days));
      return `WHEN ?${values.length - 1} THEN ?${values.length}`;
    })
    .join(" ");
  values.push(cutoff(policy.defaultDays));
  const fallback = `?${values.length}`;
  const newest = Math.max(cutoff(policy.defaultDays), ...plans.map(([, days]) => cutoff(days)));
  values.push(newest, limit);
  const cutoffSql = plans.length === 0 ? fallback : `CASE COALESCE(u.plan, '') ${cases} ELSE ${fallback} END`;
  const { results } = await db
    .prepare(
      `SELECT c.id FROM conversations c LEFT JOIN users u ON u.id = c.user_id
       WHERE c.updated_at < ?${values.length - 1} AND c.updated_at < ${cutoffSql}
         AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = c.user_id)
       ORDER BY c.updated_at LIMIT ?${values.length}`,
    )
    .bind(...values)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

/** Deletes the due conversations with their Durable Object storage; returns how many were deleted. */
export async function enforceRetention(env: Env, policy: RetentionPolicy, now: number): Promise<number> {
  const due = await dueConversations(env.DB, policy, now);
  let deleted = 0;
  for (let index = 0; index < due.length; index += parallel) {
    const results = await Promise.allSettled(
      due.slice(index, index + parallel).map((id) => deleteConversation(env, id)),
    );
    for (const result of results) {
      if (result.status === "fulfilled") deleted++;
      else log.warn("retention_delete_failed", { error: String(result.reason) });
    }
  }
  return deleted;
}

/**
 * Removes visitor rows that hold nothing (no conversation, no share) once they are older than the grace period:
 * default-plan visitors only, so an upgraded visitor is never dropped, and never an account (it holds passkeys).
 * Usage rows keep their (now dangling) id.
 */
export async function removeEmptyVisitors(db: D1Database, now: number): Promise<number> {
  const result = await db
    .prepare(
      `DELETE FROM users WHERE id IN (
         SELECT u.id FROM users u WHERE u.plan = 'free' AND u.created_at < ?1
           AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.user_id = u.id)
           AND NOT EXISTS (SELECT 1 FROM shares s WHERE s.user_id = u.id)
           AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = u.id)
         LIMIT ?2)`,
    )
    .bind(now - emptyVisitorGraceMs, 10_000)
    .run();
  return result.meta.changes;
}
