import type { Context } from "hono";
import { Hono } from "hono";
import { adminAuth } from "../admin/admin-auth.ts";
import type { AppEnv } from "../env.ts";
import { invalidRequest } from "../http/app-error.ts";
import { validate } from "../http/json-body.ts";
import { usageCsv } from "../usage/usage-csv.ts";
import { toReportQuery, type UsageQueryInput, usageQuerySchema } from "../usage/usage-query.ts";
import { buildReport, readRollups, type UsageReportQuery } from "../usage/usage-report.ts";

/**
 * `GET /admin/api/usage?group=&start=&end=` (JSON) and `GET /admin/api/usage.csv` (or `?format=csv`): usage read
 * from the hourly/daily rollups the scheduled upkeep writes, never from raw usage rows.
 */
export const adminUsage = new Hono<AppEnv>();

// Auth per route, not `use()`: this app is mounted at /admin/api, where other apps' routes also live.
adminUsage.get("/usage", adminAuth(), async (c) => {
  const input = validate(usageQuerySchema, c.req.query());
  return input.format === "csv" ? csvResponse(c, input) : c.json(await usageReport(c, input));
});

adminUsage.get("/usage.csv", adminAuth(), async (c) => csvResponse(c, validate(usageQuerySchema, c.req.query())));

/** The JSON report for a validated query (also used by a site's usage). */
export async function usageReport(c: Context<AppEnv>, input: UsageQueryInput) {
  const query = reportQuery(input);
  const rows = await readRollups(c.env.DB, query);
  return buildReport(query, rows, await labelsOf(c.env.DB, query));
}

async function csvResponse(c: Context<AppEnv>, input: UsageQueryInput): Promise<Response> {
  // The export is per row of the rollup: hourly rows for group=hour, daily rows otherwise.
  const query = reportQuery({ ...input, group: input.group === "hour" ? "hour" : "day" });
  const rows = await readRollups(c.env.DB, query);
  return c.body(usageCsv(rows), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="edgechat-usage-${query.start}-${query.end}.csv"`,
  });
}

function reportQuery(input: UsageQueryInput): UsageReportQuery {
  try {
    return toReportQuery(input, Date.now());
  } catch (error) {
    if (error instanceof RangeError) throw invalidRequest(`Invalid range: ${error.message}.`, "start");
    throw error;
  }
}

async function labelsOf(db: D1Database, query: UsageReportQuery): Promise<Record<string, string>> {
  const table = query.group === "key" ? "api_keys" : query.group === "site" ? "sites" : null;
  if (!table) return {};
  const { results } = await db.prepare(`SELECT id, name FROM ${table}`).all<{ id: string; name: string }>();
  return Object.fromEntries(results.map((row) => [row.id, row.name]));
}
