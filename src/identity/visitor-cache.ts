import { loadVisitor, type Visitor } from "./create-visitor.ts";

// Chat-site visitors' rows (user id → plan), kept in the isolate for a few seconds so that a busy visitor's
// requests (a send, its live socket, the list refresh) do not each pay a D1 round trip before doing anything.
// The cost: an admin's plan change reaches other isolates up to `visitorCacheMs` late; the isolate that
// served the change forgets the row at once (forgetVisitor).
/** How long a loaded visitor row is trusted without asking D1 again. */
export const visitorCacheMs = 5_000;
const maxEntries = 10_000;

const cached = new Map<string, { visitor: Visitor; expiresAt: number }>();

/** `loadVisitor` through the isolate's short-lived cache (only rows that exist are kept). */
export async function loadVisitorCached(db: D1Database, userId: string): Promise<Visitor | null> {
  const now = Date.now();
  const hit = cached.get(userId);
  if (hit && hit.expiresAt > now) return hit.visitor;
  cached.delete(userId);
  const visitor = await loadVisitor(db, userId);
  if (visitor) {
    // Map order is insertion order: the first key is the oldest entry.
    if (cached.size >= maxEntries) {
      const oldest = cached.keys().next();
      if (!oldest.done) cached.delete(oldest.value);
    }
    cached.set(userId, { visitor, expiresAt: now + visitorCacheMs });
  }
  return visitor;
}

/** Drops a visitor's cached row (after a change to it, e.g. an admin's plan change). */
export function forgetVisitor(userId: string): void {
  cached.delete(userId);
}
