import { DurableObject } from "cloudflare:workers";
import { ConfigError, loadConfig } from "../config/config.ts";
import { closedHealth, nextHealth, type OutcomeReport } from "../inference/health/breaker.ts";
import { gpuServerModelsUrl } from "../inference/providers/openai-compatible.ts";
import type { BreakerPolicy, HealthSnapshot, TargetHealth } from "../inference/types.ts";
import { log } from "../lib/log.ts";

type Row = {
  target: string;
  state: string;
  failures: number;
  open_until: number;
  open_for_ms: number;
  recovered_at: number | null;
};

const PROBE_TIMEOUT_MS = 5_000;
/** Failures kept per target for operators (GET /admin/api/health). */
const RECENT_FAILURES = 20;

/** One failure as operators see it. */
export type RecentFailure = { target: string; at: number; reason: string };

/**
 * Shared circuit-breaker state for every provider and GPU server: one object per deployment
 * (`getByName("global")`). Isolates read it through a cache and report outcomes in batches (see
 * src/inference/health.ts), so it is never on a request's hot path. When a circuit's open period ends, an alarm
 * probes the target cheaply (`GET …/models`) before real traffic does: a failed probe keeps it open for longer.
 */
export class ProviderHealth extends DurableObject<Env> {
  /** The breaker settings of the last report, for the alarm; lost on eviction (targets then go half-open unprobed). */
  private policy: BreakerPolicy | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS health (
        target TEXT PRIMARY KEY, state TEXT NOT NULL, failures INTEGER NOT NULL, open_until INTEGER NOT NULL,
        open_for_ms INTEGER NOT NULL, recovered_at INTEGER)`);
      this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS failures (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, target TEXT NOT NULL, at INTEGER NOT NULL, reason TEXT NOT NULL)`);
    });
  }

  /** Every target's state (absent = healthy). */
  snapshot(): HealthSnapshot {
    const targets: Record<string, TargetHealth> = {};
    for (const row of this.ctx.storage.sql.exec<Row>("SELECT * FROM health")) targets[row.target] = fromRow(row);
    return { targets };
  }

  /** The latest failures of every target (newest first, at most RECENT_FAILURES per target). */
  recentFailures(): RecentFailure[] {
    return this.ctx.storage.sql
      .exec<RecentFailure>("SELECT target, at, reason FROM failures ORDER BY at DESC, seq DESC")
      .toArray();
  }

  /** Applies a batch of outcomes in order and answers with the new snapshot. */
  async report(batch: OutcomeReport[], policy: BreakerPolicy): Promise<HealthSnapshot> {
    const current = this.snapshot();
    let earliestProbe = Number.POSITIVE_INFINITY;
    for (const report of [...batch].sort((a, b) => a.at - b.at)) {
      const before = current.targets[report.target] ?? closedHealth;
      const after = nextHealth(before, report.ok, report.at, policy);
      current.targets[report.target] = after;
      this.store(report.target, after);
      if (!report.ok) this.recordFailure(report.target, report.at, report.reason ?? "failed");
      if (after.state === "open") earliestProbe = Math.min(earliestProbe, after.openUntil);
    }
    this.policy = policy;
    if (Number.isFinite(earliestProbe)) await this.scheduleProbe(earliestProbe);
    return current;
  }

  /** Forgets every target's state (tests, or an operator after fixing a provider). */
  reset(): void {
    this.ctx.storage.sql.exec("DELETE FROM health");
    this.ctx.storage.sql.exec("DELETE FROM failures");
  }

  /** Probes the targets whose open period is over; closes nothing by itself, only delays or admits probes. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const policy = this.policy;
    for (const [target, health] of Object.entries(this.snapshot().targets)) {
      if (health.state !== "open" || health.openUntil > now || !policy) continue;
      const ok = await this.probe(target);
      if (ok === false) {
        this.recordFailure(target, now, "probe failed");
        const after = nextHealth(health, false, now, policy);
        this.store(target, after);
        await this.scheduleProbe(after.openUntil);
      } else if (ok === true) {
        this.store(target, { ...health, state: "half-open" });
      }
    }
  }

  /** True/false for a target the deployment's configuration can probe; null when it cannot be probed. */
  private async probe(target: string): Promise<boolean | null> {
    const config = loadConfig(this.env);
    if (config instanceof ConfigError) return null;
    const server = config.gpuPool.find((candidate) => candidate.id === target);
    const url = server
      ? gpuServerModelsUrl(server.url)
      : target === "deepseek" && config.deepseek.apiKey
        ? `${config.deepseek.baseUrl}/models`
        : null;
    if (!url) return null;
    const apiKey = server ? config.gpuPoolApiKey : config.deepseek.apiKey;
    try {
      const response = await fetch(url, {
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.ok;
    } catch (error) {
      log.warn("provider_probe_failed", { target, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  private recordFailure(target: string, at: number, reason: string): void {
    this.ctx.storage.sql.exec("INSERT INTO failures (target, at, reason) VALUES (?, ?, ?)", target, at, reason);
    this.ctx.storage.sql.exec(
      `DELETE FROM failures WHERE target = ? AND seq NOT IN
       (SELECT seq FROM failures WHERE target = ? ORDER BY seq DESC LIMIT ?)`,
      target,
      target,
      RECENT_FAILURES,
    );
  }

  private async scheduleProbe(at: number): Promise<void> {
    const existing = await this.ctx.storage.getAlarm();
    if (existing === null || existing > at) await this.ctx.storage.setAlarm(at);
  }

  private store(target: string, health: TargetHealth): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO health (target, state, failures, open_until, open_for_ms, recovered_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(target) DO UPDATE SET state = excluded.state, failures = excluded.failures,
       open_until = excluded.open_until, open_for_ms = excluded.open_for_ms, recovered_at = excluded.recovered_at`,
      target,
      health.state,
      health.failures,
      health.openUntil,
      health.openForMs,
      health.recoveredAt,
    );
  }
}

function fromRow(row: Row): TargetHealth {
  const state = row.state === "open" || row.state === "half-open" ? row.state : "closed";
  return {
    state,
    failures: row.failures,
    openUntil: row.open_until,
    openForMs: row.open_for_ms,
    recoveredAt: row.recovered_at,
  };
}
