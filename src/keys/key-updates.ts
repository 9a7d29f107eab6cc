import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { apiKeys } from "../db/schema.ts";
import { type ApiKeyListing, keyListingColumns } from "./key-store.ts";

/** What an operator may change on a live key; `null` clears a limit (the plan's applies again). */
export type KeyChanges = {
  name?: string;
  plan?: string;
  rpm?: number | null;
  tpm?: number | null;
  monthlyBudgetMicros?: number | null;
};

/** Changes a live key's name, plan, limits or budget; null when no live key has this id. */
export async function updateKey(db: D1Database, id: string, changes: KeyChanges): Promise<ApiKeyListing | null> {
  const orm = drizzle(db);
  const live = and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt));
  if (Object.keys(changes).length === 0) {
    const rows = await orm.select(keyListingColumns).from(apiKeys).where(live).limit(1);
    return rows[0] ?? null;
  }
  const rows = await orm.update(apiKeys).set(changes).where(live).returning(keyListingColumns);
  return rows[0] ?? null;
}

/** Replaces a live key's secret (new prefix and hash; the old secret stops matching); null when not live. */
export async function rotateKeySecret(
  db: D1Database,
  id: string,
  secret: { prefix: string; hash: string },
): Promise<ApiKeyListing | null> {
  const rows = await drizzle(db)
    .update(apiKeys)
    .set(secret)
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning(keyListingColumns);
  return rows[0] ?? null;
}
