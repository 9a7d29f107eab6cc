import { isRecord } from "./json-guards.ts";

/**
 * Reading DeepSeek's own SSE on the native pass-through without parsing every token: the few events that
 * matter (usage, the end, errors) are found with a regular expression and only their `data:` line is parsed.
 */

/** The JSON of the `data:` line that holds the first match of `marker` (events are one data line each). */
export function dataOf(text: string, marker: RegExp): Record<string, unknown> | null {
  const at = text.search(marker);
  const start = text.lastIndexOf("data:", at);
  if (at === -1 || start === -1) return null;
  const end = text.indexOf("\n", at);
  try {
    const value: unknown = JSON.parse(text.slice(start + 5, end === -1 ? undefined : end));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/** A count from a provider's usage object (absent or malformed: 0). */
export function numberOf(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** How many times `needle` occurs in `text` (events counted for the estimate when usage never comes). */
export function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}
