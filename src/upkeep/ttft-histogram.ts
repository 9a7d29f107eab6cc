/**
 * Time to first token, kept as counts over fixed bins so that rollups of any grain can be merged and still give
 * percentiles: a p95 cannot be computed from per-hour p95s, but it can from summed histograms. Bin edges grow by
 * 25% from 10 ms to about 2 minutes, so a percentile read from them is within 25% of the exact value.
 */
export const ttftBinEdges: readonly number[] = Array.from({ length: 43 }, (_, k) => Math.round(10 * 1.25 ** k));

/** Counts per bin; index i holds values below ttftBinEdges[i] (and ≥ the previous edge); the last holds the rest. */
export type TtftHistogram = number[];

/** The SQL expression giving a `ttft_ms` column's bin index (NULL when the row has no first token). */
export function ttftBinSql(column: string): string {
  const cases = ttftBinEdges.map((edge, index) => `WHEN ${column} < ${edge} THEN ${index}`).join(" ");
  return `CASE WHEN ${column} IS NULL THEN NULL ${cases} ELSE ${ttftBinEdges.length} END`;
}

/** The bin index of one value (the same rule as ttftBinSql). */
export function ttftBin(ms: number): number {
  const index = ttftBinEdges.findIndex((edge) => ms < edge);
  return index === -1 ? ttftBinEdges.length : index;
}

/** Adds `count` values to bin `bin` of a histogram in place. */
export function addToHistogram(histogram: TtftHistogram, bin: number, count: number): void {
  while (histogram.length <= bin) histogram.push(0);
  histogram[bin] = (histogram[bin] ?? 0) + count;
}

/** Sums histograms. */
export function mergeHistograms(into: TtftHistogram, from: readonly number[]): TtftHistogram {
  from.forEach((count, bin) => {
    if (count > 0) addToHistogram(into, bin, count);
  });
  return into;
}

/** Parses a stored histogram (a JSON array of counts); anything else reads as empty. */
export function parseHistogram(text: string): TtftHistogram {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map((count) => (typeof count === "number" && count > 0 ? count : 0)) : [];
  } catch {
    return [];
  }
}

/** The q-quantile (0..1) in ms, interpolated inside its bin; null for an empty histogram. */
export function histogramQuantile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    const count = histogram[bin] ?? 0;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const lower = bin === 0 ? 0 : (ttftBinEdges[bin - 1] ?? 0);
      const upper = ttftBinEdges[bin] ?? lower * 1.25;
      return Math.round(lower + ((upper - lower) * Math.max(0, rank - seen)) / count);
    }
    seen += count;
  }
  return ttftBinEdges[ttftBinEdges.length - 1] ?? null;
}
