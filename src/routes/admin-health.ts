import { Hono } from "hono";
import { adminAuth } from "../admin/admin-auth.ts";
import type { AppConfig } from "../config/config.ts";
import type { RecentFailure } from "../durable/provider-health.ts";
import type { AppEnv } from "../env.ts";
import { effectiveState } from "../inference/health/breaker.ts";
import { outstandingOn } from "../inference/routing/pool.ts";
import type { HealthSnapshot, ProviderId } from "../inference/types.ts";
import { readiness } from "../readiness/readiness.ts";
import { hourBucket } from "../upkeep/rollups.ts";
import { addMeasures, emptyMeasures, fromStored, type StoredRollupRow } from "../usage/rollup-row.ts";
import { metrics, type UsageMetrics } from "../usage/usage-report.ts";

type TargetConfig = {
  id: string;
  provider: ProviderId;
  region: string;
  configured: boolean;
  maxConcurrency: number | null;
};

/**
 * `GET /admin/api/health`: every target's breaker state and recent failures (the ProviderHealth object),
 * its provider's latency and error figures over the last 24 hours (hourly rollups), the concurrency this isolate
 * has in flight on it, and the readiness verdict with each plan's chain.
 */
export const adminHealth = new Hono<AppEnv>();

adminHealth.use(adminAuth());

adminHealth.get("/", async (c) => {
  const config = c.get("config");
  const stub = c.env.PROVIDER_HEALTH.getByName("global");
  const [snapshot, failures] = await Promise.all([stub.snapshot(), stub.recentFailures()]);
  const latency = await providerLatency(c.env.DB, Date.now());
  const now = Date.now();
  const targets = targetsOf(config, Boolean(c.env.AI)).map((target) => {
    const health = snapshot.targets[target.id];
    return {
      ...target,
      state: health ? effectiveState(health, now) : "closed",
      consecutiveFailures: health?.failures ?? 0,
      openUntil: health && health.state === "open" && health.openUntil > now ? iso(health.openUntil) : null,
      recoveredAt: health?.recoveredAt ? iso(health.recoveredAt) : null,
      recentFailures: failures
        .filter((failure: RecentFailure) => failure.target === target.id)
        .map((failure) => ({ at: iso(failure.at), reason: failure.reason })),
      // Per provider: usage rows record the provider, not the GPU server.
      last24h: latency[target.provider] ?? null,
      concurrency: { inUse: outstandingOn(target.id), max: target.maxConcurrency, scope: "isolate" },
    };
  });
  const ready = readiness(config, snapshot as HealthSnapshot, Boolean(c.env.AI), now);
  return c.json({ ready: ready.ready, plans: ready.plans, targets, checkedAt: iso(now) });
});

function targetsOf(config: AppConfig, hasWorkersAi: boolean): TargetConfig[] {
  const policy = config.routingPolicy;
  return [
    {
      id: "deepseek",
      provider: "deepseek",
      region: policy.providers.deepseek.region,
      configured: config.deepseek.apiKey !== null,
      maxConcurrency: null,
    },
    {
      id: "workers-ai",
      provider: "workers-ai",
      region: policy.providers["workers-ai"].region,
      configured: hasWorkersAi,
      maxConcurrency: null,
    },
    ...config.gpuPool.map(
      (server): TargetConfig => ({
        id: server.id,
        provider: "self-hosted",
        region: server.region,
        configured: true,
        maxConcurrency: server.maxConcurrency,
      }),
    ),
  ];
}

/** Each provider's requests, errors and time to first token over the last 24 hours, from the hourly rollup. */
async function providerLatency(db: D1Database, now: number): Promise<Record<string, UsageMetrics>> {
  const { results } = await db
    .prepare(`SELECT * FROM usage_hourly WHERE bucket >= ?1`)
    .bind(hourBucket(now - 24 * 3_600_000))
    .all<StoredRollupRow>();
  const byProvider = new Map<string, ReturnType<typeof emptyMeasures>>();
  for (const stored of results) {
    const row = fromStored(stored);
    const measures = byProvider.get(row.provider) ?? emptyMeasures();
    byProvider.set(row.provider, addMeasures(measures, row));
  }
  return Object.fromEntries([...byProvider].map(([provider, measures]) => [provider, metrics(measures)]));
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
