import { and, desc, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { apiKeys } from "../db/schema.ts";

/** A key as the API sees it once authenticated (never the secret, never the hash). */
export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  plan: string;
  rpm: number | null;
  tpm: number | null;
  monthlyBudgetMicros: number | null;
};

/** A key as listed to operators. */
export type ApiKeyListing = ApiKey & { createdAt: number; revokedAt: number | null };

// The columns of an ApiKey and of an ApiKeyListing, for every query that reads or returns them.
const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  plan: apiKeys.plan,
  rpm: apiKeys.rpm,
  tpm: apiKeys.tpm,
  monthlyBudgetMicros: apiKeys.monthlyBudgetMicros,
};
/** The columns of a key as listed to operators (never the hash). */
export const keyListingColumns = { ...keyColumns, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt };

export type NewApiKey = Omit<ApiKey, "id"> & { hash: string };

/** Inserts a key row and returns its id. */
export async function insertKey(db: D1Database, key: NewApiKey): Promise<ApiKeyListing> {
  const id = `key_${crypto.randomUUID().replaceAll("-", "")}`;
  const createdAt = Date.now();
  await drizzle(db)
    .insert(apiKeys)
    .values({ id, createdAt, ...key });
  return {
    id,
    name: key.name,
    prefix: key.prefix,
    plan: key.plan,
    rpm: key.rpm,
    tpm: key.tpm,
    monthlyBudgetMicros: key.monthlyBudgetMicros,
    createdAt,
    revokedAt: null,
  };
}

/** The live (unrevoked) key with this hash, or null. */
export async function findLiveKeyByHash(db: D1Database, hash: string): Promise<ApiKey | null> {
  const rows = await drizzle(db)
    .select(keyColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return rows[0] ?? null;
}

/** Every key, newest first, without hashes. */
export async function listKeys(db: D1Database): Promise<ApiKeyListing[]> {
  return drizzle(db).select(keyListingColumns).from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Marks a key revoked; returns false when no live key has this id. */
export async function revokeKey(db: D1Database, id: string): Promise<boolean> {
  const rows = await drizzle(db)
    .update(apiKeys)
    .set({ revokedAt: Date.now() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
