import { Hono } from "hono";
import * as z from "zod";
import { adminAuth } from "../admin/admin-auth.ts";
import type { AppEnv } from "../env.ts";
import { invalidRequest } from "../http/app-error.ts";
import { healthSnapshot } from "../inference/health/health.ts";
import { explainRoute } from "../inference/index.ts";
import { continentOf } from "../lib/countries.ts";
import { defaultPlanName } from "../plans.ts";

const querySchema = z.object({
  plan: z.string().min(1).default(defaultPlanName),
  model: z.string().min(1).default("deepseek-flash"),
  /** ISO country code; absent = unknown country. */
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "must be a two-letter country code")
    .transform((code) => code.toUpperCase())
    .optional(),
});

/** `GET /admin/api/routing/explain?plan=&model=&country=`: the chain, each exclusion's rule, and live health. */
export const adminRouting = new Hono<AppEnv>();

adminRouting.use(adminAuth());

adminRouting.get("/explain", (c) => {
  const parsed = querySchema.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidRequest(issue?.message ?? "invalid query", issue?.path.join(".") || null);
  }
  const { plan, model, country } = parsed.data;
  const context = {
    env: c.env,
    config: c.get("config"),
    waitUntil: (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise),
  };
  const health = healthSnapshot(context);
  const region = { country: country ?? null, continent: country ? continentOf(country) : null };
  return c.json({ ...explainRoute(c.get("config"), plan, region, model, health), health: health.targets });
});
