import { isRecord } from "../../lib/is-record.ts";

/** Merges `override` over `base`: objects merge key by key, everything else (arrays included) replaces. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isRecord(base) || !isRecord(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}
