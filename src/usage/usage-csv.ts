import { type RollupRow, rollupCells } from "./rollup-row.ts";

const header = [
  "bucket",
  "surface",
  "api_key_id",
  "site_id",
  "model",
  "provider",
  "requests",
  "errors",
  "estimated_requests",
  "prompt_tokens",
  "cached_tokens",
  "completion_tokens",
  "reasoning_tokens",
  "spend_micros",
  "spend_usd",
  "ttft_count",
  "ttft_avg_ms",
];

/**
 * The usage export: one CSV line per rollup row (bucket × surface × key × site × model × provider), so any pivot
 * can be made in a spreadsheet. Spend is exact in micro-dollars; USD is the same figure for reading.
 */
export function usageCsv(rows: RollupRow[]): string {
  const lines = [header.join(",")];
  for (const row of rows) {
    lines.push(
      [
        ...rollupCells(row),
        (row.costMicros / 1_000_000).toFixed(6),
        row.ttftCount,
        row.ttftCount === 0 ? "" : Math.round(row.ttftSumMs / row.ttftCount),
      ]
        .map(cell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** RFC 4180 quoting, and a leading quote on text a spreadsheet would run as a formula. */
function cell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
