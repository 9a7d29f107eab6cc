import { Hono } from "hono";
import * as z from "zod";
import { adminAuth } from "../admin/admin-auth.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/app-error.ts";
import { readJsonBody } from "../http/json-body.ts";
import { keyCache } from "../keys/key-cache.ts";
import { generateKey, hashKey, keyPrefix } from "../keys/key-format.ts";
import { type ApiKeyListing, insertKey, listKeys, revokeKey } from "../keys/key-store.ts";
import { type KeyChanges, rotateKeySecret, updateKey } from "../keys/key-updates.ts";
import { spendThisMonth } from "../usage/key-spend.ts";

const keyPlanSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "must be a plan id such as `partner`");

/** What an operator sends to create a key. */
export const createKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  plan: keyPlanSchema.default("partner"),
  rpm: z.int().positive().max(1_000_000).nullish(),
  tpm: z.int().positive().max(1_000_000_000).nullish(),
  monthlyBudgetUsd: z.number().positive().max(1_000_000).nullish(),
});

/** What an operator may change on a key; `null` clears a limit so the plan's applies. */
export const updateKeySchema = z.strictObject({
  name: createKeySchema.shape.name.optional(),
  plan: keyPlanSchema.optional(),
  rpm: z.int().positive().max(1_000_000).nullable().optional(),
  tpm: z.int().positive().max(1_000_000_000).nullable().optional(),
  monthlyBudgetUsd: z.number().positive().max(1_000_000).nullable().optional(),
});

/**
 * Operators' key management: create (the key is shown once), list (prefixes only, with this month's spend),
 * change limits, rotate the secret (shown once), revoke.
 */
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
  const [keys, spend] = await Promise.all([listKeys(c.env.DB), spendThisMonth(c.env.DB)]);
  return c.json({ data: keys.map((key) => ({ ...present(key), spendThisMonthMicros: spend.get(key.id) ?? 0 })) });
});

adminKeys.patch("/:id", async (c) => {
  const input = await readJsonBody(c, updateKeySchema);
  const changes: KeyChanges = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.plan !== undefined) changes.plan = input.plan;
  if (input.rpm !== undefined) changes.rpm = input.rpm;
  if (input.tpm !== undefined) changes.tpm = input.tpm;
  if (input.monthlyBudgetUsd !== undefined) {
    changes.monthlyBudgetMicros = input.monthlyBudgetUsd === null ? null : Math.round(input.monthlyBudgetUsd * 1e6);
  }
  const updated = await updateKey(c.env.DB, c.req.param("id"), changes);
  if (!updated) throw notFound("live API key");
  // New limits apply in this isolate now, in the others once their cached lookup expires (keyCacheTtlMs).
  keyCache.evictId(updated.id);
  return c.json(present(updated));
});

adminKeys.post("/:id/rotate", async (c) => {
  const key = generateKey();
  const rotated = await rotateKeySecret(c.env.DB, c.req.param("id"), {
    prefix: keyPrefix(key),
    hash: await hashKey(key),
  });
  if (!rotated) throw notFound("live API key");
  // As for a revocation: the old secret stops here now, in other isolates within the cache TTL.
  keyCache.evictId(rotated.id);
  return c.json({ ...present(rotated), key });
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
