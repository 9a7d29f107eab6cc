// Number formatting for the console: one place, so every page shows the same units.

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/** 1234 → "1,234". */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** 1234567 → "1.2M" (token totals). */
export function formatCompact(value: number): string {
  return compact.format(value);
}

/** Micro-dollars → "$1.23" (at least cents; sub-cent spend keeps four decimals so it is not shown as $0.00). */
export function formatUsd(micros: number): string {
  const usd = micros / 1_000_000;
  const digits = usd !== 0 && Math.abs(usd) < 0.01 ? 4 : 2;
  return `$${usd.toFixed(digits)}`;
}

/** Errors over requests as a percentage, or "–" with no requests. */
export function formatRate(errors: number, requests: number): string {
  return requests === 0 ? "–" : `${((errors / requests) * 100).toFixed(1)}%`;
}

/** Milliseconds or "–". */
export function formatMs(value: number | null | undefined): string {
  return value == null ? "–" : `${integer.format(value)} ms`;
}

/** An ISO time (or epoch milliseconds) as the operator's local date and time. */
export function formatTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === "") return "–";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

/** A rollup bucket (`YYYY-MM-DD` or `YYYY-MM-DDTHH`, UTC) as Unix seconds, for the charts' x axis. */
export function bucketSeconds(bucket: string): number {
  const iso = bucket.length === 13 ? `${bucket}:00:00Z` : `${bucket}T00:00:00Z`;
  return Date.parse(iso) / 1000;
}
