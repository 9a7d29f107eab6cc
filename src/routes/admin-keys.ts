import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { notFound } from "../errors/app-error.ts";
import { readJsonBody } from "../http/json-body.ts";
import { keyCache } from "../keys/key-cache.ts";
import { generateKey, hashKey, keyPrefix } from "../keys/key-format.ts";
import { type ApiKeyListing, insertKey, listKeys, revokeKey } from "../keys/key-store.ts";
import { adminAuth } from "../middleware/admin-auth.ts";

/** What an operator sends to create a key. */
export const createKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  plan: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, "must be a plan id such as `partner`")
    .default("partner"),
  rpm: z.int().positive().max(1_000_000).nullish(),
  tpm: z.int().positive().max(1_000_000_000).nullish(),
  monthlyBudgetUsd: z.number().positive().max(1_000_000).nullish(),
});

/** Operators' key management: create (the key is shown once), list (prefixes only), revoke. */
export const adminKeys = new Hono<AppEnv>();

adminKeys.use(adminAuth());

adminKeys.post("/", async (c) => {
  const input = await readJsonBody(c, createKeySchema);
  const key = generateKey();
  const created = await insertKey(c.env.DB, {
    name: input.name,
    plan: input.plan,
    rpm: input.rpm ?? null,
    tpm: input.tpm ?? null,
    monthlyBudgetMicros: input.monthlyBudgetUsd == null ? null : Math.round(input.monthlyBudgetUsd * 1_000_000),
    prefix: keyPrefix(key),
    hash: await hashKey(key),
  });
  return c.json({ ...present(created), key }, 201);
});

adminKeys.get("/", async (c) => {
  const keys = await listKeys(c.env.DB);
  return c.json({ data: keys.map(present) });
});

adminKeys.delete("/:id", async (c) => {
  const id = c.req.param("id");
  const revoked = await revokeKey(c.env.DB, id);
  if (!revoked) throw notFound("live API key");
  // Other isolates notice within the cache TTL; this one stops accepting the key now.
  keyCache.evictId(id);
  return c.json({ id, revoked: true });
});

function present(key: ApiKeyListing) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    plan: key.plan,
    rpm: key.rpm,
    tpm: key.tpm,
    monthlyBudgetUsd: key.monthlyBudgetMicros == null ? null : key.monthlyBudgetMicros / 1_000_000,
    createdAt: new Date(key.createdAt).toISOString(),
    revokedAt: key.revokedAt == null ? null : new Date(key.revokedAt).toISOString(),
  };
}
