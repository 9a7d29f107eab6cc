import * as z from "zod";
import type { UsageGroup, UsageReportQuery } from "./usage-report.ts";

const dayMs = 86_400_000;
/** Longest ranges a report may cover: hourly charts a month, daily ones two years. */
const maxHours = 31 * 24;
const maxDays = 731;

const timeSchema = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), "must be a date (YYYY-MM-DD) or an ISO 8601 time");

/** The query string of `GET /admin/api/usage` (and of a site's usage). */
export const usageQuerySchema = z.object({
  group: z.enum(["day", "hour", "key", "site", "model", "provider", "surface"]).default("day"),
  start: timeSchema.optional(),
  end: timeSchema.optional(),
  keyId: z.string().min(1).max(100).optional(),
  siteId: z.string().min(1).max(100).optional(),
  surface: z.enum(["site", "widget", "api"]).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

export type UsageQueryInput = z.infer<typeof usageQuerySchema>;

/**
 * Turns a validated query into inclusive bucket bounds. Defaults: `end` now, `start` 48 hours before for hourly
 * reports and 30 days before otherwise. Throws a RangeError (a 400 for the caller) for a reversed or too long range.
 */
export function toReportQuery(input: UsageQueryInput, now: number): UsageReportQuery {
  const group: UsageGroup = input.group;
  const hourly = group === "hour";
  const end = input.end ? Date.parse(input.end) : now;
  const start = input.start ? Date.parse(input.start) : end - (hourly ? 2 * dayMs : 30 * dayMs);
  if (start > end) throw new RangeError("start is after end");
  const span = hourly ? (end - start) / 3_600_000 : (end - start) / dayMs;
  if (span > (hourly ? maxHours : maxDays)) {
    throw new RangeError(hourly ? `an hourly report covers at most ${maxHours} hours` : `at most ${maxDays} days`);
  }
  const length = hourly ? 13 : 10;
  return {
    group,
    start: new Date(start).toISOString().slice(0, length),
    end: new Date(end).toISOString().slice(0, length),
    apiKeyId: input.keyId,
    siteId: input.siteId,
    surface: input.surface,
  };
}
