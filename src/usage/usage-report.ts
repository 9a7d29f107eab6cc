import { histogramQuantile } from "../upkeep/ttft-histogram.ts";
import {
  addMeasures,
  emptyMeasures,
  fromStored,
  type RollupMeasures,
  type RollupRow,
  type StoredRollupRow,
  type Surface,
} from "./rollup-row.ts";

/** How a report is bucketed: over time (day, hour) or by one dimension over the whole range. */
export type UsageGroup = "day" | "hour" | "key" | "site" | "model" | "provider" | "surface";

/** What a report bucket shows (the console's charts and the CSV export). */
export type UsageMetrics = {
  requests: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  spendMicros: number;
  errors: number;
  /** Requests whose token counts are our estimate (the upstream reported none). */
  estimatedRequests: number;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
};

export type UsageBucket = UsageMetrics & {
  bucket: string;
  /** A key's or site's name, when grouped by key or site. */
  label?: string | null;
  bySurface: Partial<Record<Surface, UsageMetrics>>;
  byProvider: Record<string, UsageMetrics>;
};

export type UsageReportQuery = {
  group: UsageGroup;
  /** Inclusive bucket bounds: `YYYY-MM-DD` (daily tables) or `YYYY-MM-DDTHH` (group=hour). */
  start: string;
  end: string;
  apiKeyId?: string;
  siteId?: string;
  surface?: Surface;
};

export type UsageReport = {
  group: UsageGroup;
  start: string;
  end: string;
  data: UsageBucket[];
  totals: Omit<UsageBucket, "bucket">;
};

/** The rollup rows of a range (hourly table for group=hour, daily otherwise), optionally filtered. */
export async function readRollups(db: D1Database, query: UsageReportQuery): Promise<RollupRow[]> {
  const table = query.group === "hour" ? "usage_hourly" : "usage_daily";
  const conditions = ["bucket >= ?1", "bucket <= ?2"];
  const values: string[] = [query.start, query.end];
  const filter = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    values.push(value);
    conditions.push(`${column} = ?${values.length}`);
  };
  filter("api_key_id", query.apiKeyId);
  filter("site_id", query.siteId);
  filter("surface", query.surface);
  const { results } = await db
    .prepare(`SELECT * FROM ${table} WHERE ${conditions.join(" AND ")} ORDER BY bucket`)
    .bind(...values)
    .all<StoredRollupRow>();
  return results.map(fromStored);
}

/** Groups rollup rows into a report; time groups list every bucket of the range (zeros where nothing ran). */
export function buildReport(
  query: UsageReportQuery,
  rows: RollupRow[],
  labels: Record<string, string> = {},
): UsageReport {
  type Acc = { all: RollupMeasures; surfaces: Map<Surface, RollupMeasures>; providers: Map<string, RollupMeasures> };
  const newAcc = (): Acc => ({ all: emptyMeasures(), surfaces: new Map(), providers: new Map() });
  const add = (acc: Acc, row: RollupRow) => {
    addMeasures(acc.all, row);
    addMeasures(acc.surfaces.get(row.surface) ?? setNew(acc.surfaces, row.surface), row);
    const provider = row.provider || "none";
    addMeasures(acc.providers.get(provider) ?? setNew(acc.providers, provider), row);
  };
  const buckets = new Map<string, Acc>();
  if (query.group === "day" || query.group === "hour") {
    for (const bucket of bucketsBetween(query.group, query.start, query.end)) buckets.set(bucket, newAcc());
  }
  const totals = newAcc();
  for (const row of rows) {
    const bucket = bucketOf(query.group, row);
    const acc = buckets.get(bucket) ?? newAcc();
    buckets.set(bucket, acc);
    add(acc, row);
    add(totals, row);
  }
  const present = (acc: Acc) => ({
    ...metrics(acc.all),
    bySurface: Object.fromEntries([...acc.surfaces].map(([surface, measures]) => [surface, metrics(measures)])),
    byProvider: Object.fromEntries([...acc.providers].map(([provider, measures]) => [provider, metrics(measures)])),
  });
  const labelled = query.group === "key" || query.group === "site";
  const data = [...buckets].map(([bucket, acc]) => ({
    bucket,
    ...(labelled ? { label: labels[bucket] ?? null } : {}),
    ...present(acc),
  }));
  if (!(query.group === "day" || query.group === "hour")) data.sort((a, b) => b.spendMicros - a.spendMicros);
  return { group: query.group, start: query.start, end: query.end, data, totals: present(totals) };
}

/** The report metrics of summed measures. */
export function metrics(measures: RollupMeasures): UsageMetrics {
  return {
    requests: measures.requests,
    promptTokens: measures.promptTokens,
    cachedTokens: measures.cachedTokens,
    completionTokens: measures.completionTokens,
    reasoningTokens: measures.reasoningTokens,
    spendMicros: measures.costMicros,
    errors: measures.errors,
    estimatedRequests: measures.estimated,
    ttftP50Ms: histogramQuantile(measures.ttftHistogram, 0.5),
    ttftP95Ms: histogramQuantile(measures.ttftHistogram, 0.95),
  };
}

function setNew<K>(map: Map<K, RollupMeasures>, key: K): RollupMeasures {
  const measures = emptyMeasures();
  map.set(key, measures);
  return measures;
}

function bucketOf(group: UsageGroup, row: RollupRow): string {
  switch (group) {
    case "day":
    case "hour":
      return row.bucket;
    case "key":
      return row.apiKeyId || "none";
    case "site":
      return row.siteId || "none";
    case "model":
      return row.model;
    case "provider":
      return row.provider || "none";
    case "surface":
      return row.surface;
  }
}

/** Every day or hour bucket from start to end inclusive (bounded by the caller's range check). */
function bucketsBetween(group: "day" | "hour", start: string, end: string): string[] {
  const step = group === "hour" ? 3_600_000 : 86_400_000;
  const parse = (bucket: string) => Date.parse(group === "hour" ? `${bucket}:00:00Z` : `${bucket}T00:00:00Z`);
  const length = group === "hour" ? 13 : 10;
  const buckets: string[] = [];
  for (let at = parse(start); at <= parse(end); at += step) buckets.push(new Date(at).toISOString().slice(0, length));
  return buckets;
}
