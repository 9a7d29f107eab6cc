import { mergeHistograms, parseHistogram, type TtftHistogram } from "../upkeep/ttft-histogram.ts";

/** Where a request came in: the chat site, a widget site, or the partner API. */
export type Surface = "site" | "widget" | "api";

/** The dimensions of one rollup row ('' = none). */
export type RollupKey = {
  bucket: string;
  surface: Surface;
  apiKeyId: string;
  siteId: string;
  model: string;
  provider: string;
};

/** The additive measures of one rollup row (or of any sum of rows). */
export type RollupMeasures = {
  requests: number;
  errors: number;
  estimated: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  costMicros: number;
  ttftCount: number;
  ttftSumMs: number;
  ttftHistogram: TtftHistogram;
};

export type RollupRow = RollupKey & RollupMeasures;

/** The SQL column list of both rollup tables, in the order rollupValues() gives them. */
export const rollupColumnList = `bucket, surface, api_key_id, site_id, model, provider, requests, errors, estimated,
  prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens, cost_micros, ttft_count, ttft_sum_ms, ttft_histogram`;

/** The SQL surface of a raw usage row: an API key means the API, a site means a widget, else the chat site. */
export const surfaceSql = `CASE WHEN api_key_id IS NOT NULL THEN 'api' WHEN site_id IS NOT NULL THEN 'widget' ELSE 'site' END`;

/** Zero of every measure. */
export function emptyMeasures(): RollupMeasures {
  return {
    requests: 0,
    errors: 0,
    estimated: 0,
    promptTokens: 0,
    cachedTokens: 0,
    completionTokens: 0,
    reasoningTokens: 0,
    costMicros: 0,
    ttftCount: 0,
    ttftSumMs: 0,
    ttftHistogram: [],
  };
}

/** Adds `from`'s measures into `into` (histograms merged) and returns `into`. */
export function addMeasures(into: RollupMeasures, from: RollupMeasures): RollupMeasures {
  into.requests += from.requests;
  into.errors += from.errors;
  into.estimated += from.estimated;
  into.promptTokens += from.promptTokens;
  into.cachedTokens += from.cachedTokens;
  into.completionTokens += from.completionTokens;
  into.reasoningTokens += from.reasoningTokens;
  into.costMicros += from.costMicros;
  into.ttftCount += from.ttftCount;
  into.ttftSumMs += from.ttftSumMs;
  mergeHistograms(into.ttftHistogram, from.ttftHistogram);
  return into;
}

/** A rollup table's row as D1 returns it. */
export type StoredRollupRow = {
  bucket: string;
  surface: string;
  api_key_id: string;
  site_id: string;
  model: string;
  provider: string;
  requests: number;
  errors: number;
  estimated: number;
  prompt_tokens: number;
  cached_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
  cost_micros: number;
  ttft_count: number;
  ttft_sum_ms: number;
  ttft_histogram: string;
};

/** Maps a stored row to the typed one. */
export function fromStored(row: StoredRollupRow): RollupRow {
  const surface: Surface = row.surface === "api" || row.surface === "widget" ? row.surface : "site";
  return {
    bucket: row.bucket,
    surface,
    apiKeyId: row.api_key_id,
    siteId: row.site_id,
    model: row.model,
    provider: row.provider,
    requests: row.requests,
    errors: row.errors,
    estimated: row.estimated,
    promptTokens: row.prompt_tokens,
    cachedTokens: row.cached_tokens,
    completionTokens: row.completion_tokens,
    reasoningTokens: row.reasoning_tokens,
    costMicros: row.cost_micros,
    ttftCount: row.ttft_count,
    ttftSumMs: row.ttft_sum_ms,
    ttftHistogram: parseHistogram(row.ttft_histogram),
  };
}

/** One row's values in rollupColumnList order. */
export function rollupValues(row: RollupRow): Array<string | number> {
  return [...rollupCells(row), row.ttftCount, row.ttftSumMs, JSON.stringify(row.ttftHistogram)];
}

/** A row's dimensions and its counters up to the spend, in column order (stored rows and the CSV export alike). */
export function rollupCells(row: RollupRow): Array<string | number> {
  return [
    row.bucket,
    row.surface,
    row.apiKeyId,
    row.siteId,
    row.model,
    row.provider,
    row.requests,
    row.errors,
    row.estimated,
    row.promptTokens,
    row.cachedTokens,
    row.completionTokens,
    row.reasoningTokens,
    row.costMicros,
  ];
}

/** The identity of a row's dimensions except its bucket. */
export function dimensionKey(row: RollupKey): string {
  return JSON.stringify([row.surface, row.apiKeyId, row.siteId, row.model, row.provider]);
}
