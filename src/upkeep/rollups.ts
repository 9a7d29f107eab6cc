import {
  addMeasures,
  dimensionKey,
  emptyMeasures,
  fromStored,
  type RollupRow,
  rollupColumnList,
  rollupValues,
  type StoredRollupRow,
  type Surface,
  surfaceSql,
} from "../usage/rollup-row.ts";
import { addToHistogram, ttftBinSql } from "./ttft-histogram.ts";

const hourMs = 3_600_000;
/** Rows per INSERT statement (one bound JSON value each; keeps a statement well under D1's size limits). */
const insertChunk = 500;

/** `YYYY-MM-DDTHH` of an epoch-ms time (UTC). */
export function hourBucket(at: number): string {
  return new Date(at).toISOString().slice(0, 13);
}

/** `YYYY-MM-DD` of an epoch-ms time (UTC). */
export function dayBucket(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** A stored row's dimensions and counters for one TTFT bin of the hour (the histogram is built from the bins). */
type HourBinRow = Omit<StoredRollupRow, "bucket" | "ttft_histogram"> & { bin: number | null };

/**
 * Recomputes the hourly rollup of the UTC hour starting at `hourStart` from the raw usage rows created in it
 * (up to `until` for the hour still running), replacing what was there: rerunning is safe and a late row is
 * counted once the hour is recomputed. Returns the rows written.
 */
export async function rollUpHour(
  db: D1Database,
  hourStart: number,
  until: number = hourStart + hourMs,
): Promise<number> {
  const end = Math.min(hourStart + hourMs, until);
  const { results } = await db
    .prepare(
      `SELECT ${surfaceSql} AS surface, COALESCE(api_key_id, '') AS api_key_id, COALESCE(site_id, '') AS site_id,
         model, COALESCE(provider, '') AS provider, ${ttftBinSql("ttft_ms")} AS bin,
         COUNT(*) AS requests, SUM(status = 'error') AS errors, SUM(estimated) AS estimated,
         SUM(prompt_tokens) AS prompt_tokens, SUM(cache_hit_tokens) AS cached_tokens,
         SUM(completion_tokens) AS completion_tokens, SUM(reasoning_tokens) AS reasoning_tokens,
         SUM(cost_micros) AS cost_micros, COUNT(ttft_ms) AS ttft_count, COALESCE(SUM(ttft_ms), 0) AS ttft_sum_ms
       FROM usage WHERE created_at >= ?1 AND created_at < ?2
       GROUP BY 1, 2, 3, 4, 5, 6`,
    )
    .bind(hourStart, end)
    .all<HourBinRow>();
  const bucket = hourBucket(hourStart);
  const rows = new Map<string, RollupRow>();
  for (const part of results) {
    const key = {
      bucket,
      surface: part.surface as Surface,
      apiKeyId: part.api_key_id,
      siteId: part.site_id,
      model: part.model,
      provider: part.provider,
    };
    const id = dimensionKey(key);
    const row = rows.get(id) ?? { ...key, ...emptyMeasures() };
    addMeasures(row, {
      requests: part.requests,
      errors: part.errors,
      estimated: part.estimated,
      promptTokens: part.prompt_tokens,
      cachedTokens: part.cached_tokens,
      completionTokens: part.completion_tokens,
      reasoningTokens: part.reasoning_tokens,
      costMicros: part.cost_micros,
      ttftCount: part.ttft_count,
      ttftSumMs: part.ttft_sum_ms,
      ttftHistogram: [],
    });
    if (part.bin !== null) addToHistogram(row.ttftHistogram, part.bin, part.ttft_count);
    rows.set(id, row);
  }
  await replaceBuckets(db, "usage_hourly", bucket, `${bucket}~`, [...rows.values()]);
  return rows.size;
}

/** Recomputes the daily rollup of one UTC day (`YYYY-MM-DD`) as the sum of its hourly rows. Returns rows written. */
export async function rollUpDay(db: D1Database, day: string): Promise<number> {
  const { results } = await db
    .prepare(`SELECT * FROM usage_hourly WHERE bucket >= ?1 AND bucket < ?2`)
    .bind(`${day}T`, `${day}U`)
    .all<StoredRollupRow>();
  const rows = new Map<string, RollupRow>();
  for (const stored of results) {
    const hour = fromStored(stored);
    const id = dimensionKey(hour);
    const row = rows.get(id) ?? { ...hour, ...emptyMeasures(), bucket: day };
    addMeasures(row, hour);
    rows.set(id, row);
  }
  await replaceBuckets(db, "usage_daily", day, `${day}~`, [...rows.values()]);
  return rows.size;
}

/**
 * Recomputes every hour that overlaps [from, until) from raw rows, then the days those hours belong to, and
 * records `until` as the rollups' watermark (raw rows created before it are in the rollups).
 */
export async function rollUpRange(
  db: D1Database,
  from: number,
  until: number,
): Promise<{ hours: number; days: number }> {
  const days = new Set<string>();
  let hours = 0;
  for (let start = Math.floor(from / hourMs) * hourMs; start < until; start += hourMs) {
    await rollUpHour(db, start, until);
    days.add(dayBucket(start));
    hours++;
  }
  for (const day of days) await rollUpDay(db, day);
  await db
    .prepare(
      `INSERT INTO upkeep_state (job, ran_at, detail) VALUES ('rollup-watermark', ?1, '{}')
       ON CONFLICT (job) DO UPDATE SET ran_at = excluded.ran_at`,
    )
    .bind(until)
    .run();
  return { hours, days: days.size };
}

/** Raw rows created before this time are in the rollups (0 when no rollup has run). */
export async function rollupWatermark(db: D1Database): Promise<number> {
  const row = await db
    .prepare(`SELECT ran_at FROM upkeep_state WHERE job = 'rollup-watermark'`)
    .first<{ ran_at: number }>();
  return row?.ran_at ?? 0;
}

/** Deletes a table's buckets in [from, to) and inserts `rows`, atomically (one D1 batch). */
async function replaceBuckets(
  db: D1Database,
  table: "usage_hourly" | "usage_daily",
  from: string,
  to: string,
  rows: RollupRow[],
): Promise<void> {
  const picks = rollupColumnList
    .split(",")
    .map((_, index) => `value ->> '$[${index}]'`)
    .join(", ");
  const statements = [db.prepare(`DELETE FROM ${table} WHERE bucket >= ?1 AND bucket < ?2`).bind(from, to)];
  for (let index = 0; index < rows.length; index += insertChunk) {
    const chunk = rows.slice(index, index + insertChunk).map(rollupValues);
    statements.push(
      db
        .prepare(`INSERT INTO ${table} (${rollupColumnList}) SELECT ${picks} FROM json_each(?1)`)
        .bind(JSON.stringify(chunk)),
    );
  }
  await db.batch(statements);
}
