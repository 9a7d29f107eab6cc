import { log } from "../../lib/log.ts";

// A pending hand-off whose attempt is this late has lost its courier (the dispatch failed, or its alarm was lost).
const stalledAfterMs = 15 * 60_000;

/**
 * Hands stalled pending hand-offs to their couriers again (hourly upkeep): what the visitor asked for is in D1
 * from the start, so a failed dispatch delays a delivery but never loses it. Returns how many were re-dispatched.
 */
export async function redispatchStalledHandoffs(env: Env, now: number): Promise<number> {
  const { results } = await env.DB.prepare(
    "SELECT id FROM handoffs WHERE status = 'pending' AND next_attempt_at < ?1 ORDER BY next_attempt_at LIMIT 100",
  )
    .bind(now - stalledAfterMs)
    .all<{ id: string }>();
  let dispatched = 0;
  for (const { id } of results) {
    try {
      await env.HANDOFF_COURIER.getByName(id).dispatch(id);
      dispatched++;
    } catch (error) {
      log.error("handoff_redispatch_failed", { handoffId: id, error: String(error) });
    }
  }
  return dispatched;
}
