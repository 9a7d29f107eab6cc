import { ConfigError, loadConfig } from "../config/config.ts";
import { log } from "../lib/log.ts";
import { redispatchStalledHandoffs } from "../sites/handoff/redispatch.ts";
import { removeExpiredRows } from "./expired-rows.ts";
import { enforceRetention, removeEmptyVisitors } from "./retention.ts";
import { rollUpRange } from "./rollups.ts";
import { checkDatabaseSize } from "./size-check.ts";

const hourMs = 3_600_000;

/** The cron expressions in wrangler.toml, and the job each runs. */
export const cronJobs = { "7 * * * *": "hourly", "23 3 * * *": "daily" } as const;

export type UpkeepJob = "hourly" | "daily";

/** What a run did (logged, and returned by POST /admin/api/upkeep/run). */
export type UpkeepReport = { job: UpkeepJob; ranAt: string; tookMs: number; [step: string]: unknown };

/**
 * Hourly: recompute the hourly rollups of the last three hours (late rows included) and their days, and hand
 * stalled widget hand-offs to their couriers again.
 * Daily: recompute the two previous days from raw rows, then retention, empty visitors, expired rows and the D1
 * size check. Each step is idempotent, so a rerun or an overlapping run does no harm.
 */
export async function runUpkeep(env: Env, job: UpkeepJob, now: number = Date.now()): Promise<UpkeepReport> {
  const started = Date.now();
  const report: UpkeepReport = { job, ranAt: new Date(now).toISOString(), tookMs: 0 };
  if (job === "hourly") {
    report.rollups = await rollUpRange(env.DB, Math.floor(now / hourMs) * hourMs - 2 * hourMs, now);
    report.handoffsRedispatched = await redispatchStalledHandoffs(env, now);
  } else {
    const config = loadConfig(env);
    if (config instanceof ConfigError) throw config;
    const today = Math.floor(now / 86_400_000) * 86_400_000;
    report.rollups = await rollUpRange(env.DB, today - 2 * 86_400_000, now);
    report.conversationsDeleted = await enforceRetention(env, config.retention, now);
    report.emptyVisitorsRemoved = await removeEmptyVisitors(env.DB, now);
    report.expiredRowsRemoved = await removeExpiredRows(env.DB, now);
    report.database = await checkDatabaseSize(env.DB);
  }
  report.tookMs = Date.now() - started;
  await env.DB.prepare(
    `INSERT INTO upkeep_state (job, ran_at, detail) VALUES (?1, ?2, ?3)
     ON CONFLICT (job) DO UPDATE SET ran_at = excluded.ran_at, detail = excluded.detail`,
  )
    .bind(job, now, JSON.stringify(report))
    .run();
  log.info("upkeep_done", report);
  return report;
}

/** The Worker's `scheduled` handler: maps the cron expression to its job (awaited: a cron run may take minutes). */
export async function scheduled(controller: ScheduledController, env: Env, _context?: ExecutionContext): Promise<void> {
  const job = cronJobs[controller.cron as keyof typeof cronJobs];
  if (!job) {
    log.warn("upkeep_unknown_cron", { cron: controller.cron });
    return;
  }
  await runUpkeep(env, job, controller.scheduledTime);
}
