// The arithmetic of one sliding window (the Limiter's rate rules): bucketed entries, their sum, the wait.
import type { WindowEntry } from "./window-store.ts";

/**
 * Charges within one bucket of time share an entry stamped with the bucket's end, so a window holds at most
 * windowMs / bucketMs entries however high the rate; a charge thus leaves the window up to bucketMs late
 * (stricter, never looser).
 */
const bucketMs = 100;

/** Adds `cost` at `now` to a window's entries (into the current bucket's entry when there is one). */
export function chargeEntry(entries: WindowEntry[], now: number, cost: number): WindowEntry {
  const stamp = Math.floor(now / bucketMs) * bucketMs + bucketMs - 1;
  const last = entries[entries.length - 1];
  if (last && last.at === stamp) {
    last.cost += cost;
    return last;
  }
  const entry = { at: stamp, cost };
  entries.push(entry);
  return entry;
}

/** Units charged in a window's entries. */
export function sumEntries(entries: WindowEntry[]): number {
  let total = 0;
  for (const entry of entries) total += entry.cost;
  return total;
}

/** How long until `excess` units of the oldest entries have left the window. */
export function waitForEntries(entries: WindowEntry[], excess: number, windowMs: number, now: number): number {
  let freed = 0;
  for (const entry of entries) {
    freed += entry.cost;
    if (freed >= excess) return Math.max(1, entry.at + windowMs - now);
  }
  return windowMs;
}
