import { log } from "../lib/log.ts";

/** D1's per-database limit on Workers Paid (https://developers.cloudflare.com/d1/platform/limits/). */
export const d1MaxBytes = 10 * 1024 ** 3;
/** Past this share of the limit the daily check logs a warning (docs/scale.md says what to do then). */
export const d1WarnRatio = 0.7;

/** Reads the database's size (D1 reports it as `meta.size_after`) and logs it; warns past the threshold. */
export async function checkDatabaseSize(db: D1Database): Promise<{ bytes: number | null; warning: boolean }> {
  const result = await db.prepare("SELECT 1").run();
  const bytes = typeof result.meta.size_after === "number" ? result.meta.size_after : null;
  const warning = bytes !== null && bytes > d1MaxBytes * d1WarnRatio;
  const fields = { bytes, limitBytes: d1MaxBytes, usedRatio: bytes === null ? null : bytes / d1MaxBytes };
  if (warning) log.warn("d1_size_warning", { ...fields, action: "see docs/scale.md: move history out of D1" });
  else log.info("d1_size", fields);
  return { bytes, warning };
}
