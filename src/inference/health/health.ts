import { log } from "../../lib/log.ts";
import type { HealthSnapshot, InferenceContext } from "../types.ts";
import { closedHealth, nextHealth, type OutcomeReport } from "./breaker.ts";

/**
 * The isolate's view of the shared circuit breakers (src/durable/provider-health.ts), kept off the hot path:
 * - reads are synchronous from this cache; when it is older than `breaker.cacheMs` a refresh from the Durable
 *   Object starts in the background (`waitUntil`) and the stale copy is used meanwhile;
 * - outcomes are applied to the cache at once (this isolate reacts to its own discoveries immediately) and sent
 *   to the Durable Object in batches a few milliseconds later, again through `waitUntil`;
 * - successes on a healthy target are not reported at all, so a healthy deployment sends the object nothing.
 */
let snapshot: HealthSnapshot = { targets: {} };
let fetchedAt = 0;
let refreshing = false;
let pending: OutcomeReport[] = [];
let flushScheduled = false;

const BATCH_DELAY_MS = 25;

/** The cached health snapshot (never awaits anything). */
export function healthSnapshot(context: InferenceContext): HealthSnapshot {
  const cacheMs = context.config.routingPolicy.breaker.cacheMs;
  if (!refreshing && Date.now() - fetchedAt >= cacheMs) {
    refreshing = true;
    context.waitUntil(
      refresh(context).finally(() => {
        refreshing = false;
      }),
    );
  }
  return snapshot;
}

/** Records one attempt's outcome at a target (locally now, shared soon); `reason` says why a failure failed. */
export function reportOutcome(context: InferenceContext, target: string, ok: boolean, reason?: string): void {
  const current = snapshot.targets[target] ?? closedHealth;
  if (ok && current.state === "closed" && current.failures === 0) return;
  const at = Date.now();
  const next = nextHealth(current, ok, at, context.config.routingPolicy.breaker);
  snapshot = { targets: { ...snapshot.targets, [target]: next } };
  pending.push(reason === undefined ? { target, ok, at } : { target, ok, at, reason: reason.slice(0, 300) });
  if (flushScheduled) return;
  flushScheduled = true;
  context.waitUntil(flush(context));
}

async function refresh(context: InferenceContext): Promise<void> {
  try {
    snapshot = withPending(context, await stubOf(context).snapshot());
  } catch (error) {
    log.warn("provider_health_unreachable", { error: error instanceof Error ? error.message : String(error) });
  } finally {
    fetchedAt = Date.now();
  }
}

async function flush(context: InferenceContext): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, BATCH_DELAY_MS));
  const batch = pending;
  pending = [];
  flushScheduled = false;
  try {
    snapshot = withPending(context, await stubOf(context).report(batch, context.config.routingPolicy.breaker));
    fetchedAt = Date.now();
  } catch (error) {
    log.warn("provider_health_report_failed", { error: error instanceof Error ? error.message : String(error) });
  }
}

/** The shared view with the outcomes not yet flushed applied on top. */
function withPending(context: InferenceContext, shared: HealthSnapshot): HealthSnapshot {
  let merged = shared;
  for (const report of pending) {
    const current = merged.targets[report.target] ?? closedHealth;
    const next = nextHealth(current, report.ok, report.at, context.config.routingPolicy.breaker);
    merged = { targets: { ...merged.targets, [report.target]: next } };
  }
  return merged;
}

function stubOf(context: InferenceContext) {
  return context.env.PROVIDER_HEALTH.getByName("global");
}
