import { Hono } from "hono";
import * as z from "zod";
import { adminAuth } from "../admin/admin-auth.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/app-error.ts";
import { readJsonBody, validate } from "../http/json-body.ts";
import { defaultPlanName, sitePlanNames } from "../plans.ts";
import { handoffSecretChange } from "../sites/handoff/secret-change.ts";
import { allowedOriginSchema } from "../sites/origin-pattern.ts";
import { generateSiteKey } from "../sites/site-key.ts";
import { instructionsSchema, starterQuestionsSchema, webhookUrlSchema } from "../sites/site-settings.ts";
import { insertSite, listLiveSites, readLiveSite, type Site, softDeleteSite, updateSite } from "../sites/site-store.ts";
import { themeSchema } from "../sites/theme.ts";
import { usageQuerySchema } from "../usage/usage-query.ts";
import { adminSiteActivity } from "./admin-site-activity.ts";
import { adminSiteKnowledge } from "./admin-site-knowledge.ts";
import { usageReport } from "./admin-usage.ts";

const planSchema = z.string().refine((plan) => sitePlanNames.includes(plan), {
  message: `must be one of: ${sitePlanNames.join(", ")}`,
});

// Deduplicated after canonicalisation so `https://A.example` and `https://a.example:443` count once.
const allowedOriginsSchema = z
  .array(allowedOriginSchema)
  .max(50)
  .transform((origins) => [...new Set(origins)]);

/** What an operator sends to register a site. */
export const createSiteSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  allowedOrigins: allowedOriginsSchema.refine((origins) => origins.length > 0, "list at least one origin"),
  plan: planSchema.default(defaultPlanName),
  theme: themeSchema.default({}),
});

/**
 * What an operator may change (theme replaces the whole stored theme). `handoffWebhookUrl` may be plain http only
 * to localhost in local dev; `rotateHandoffSecret` asks for a new signing secret for the same webhook.
 */
export function updateSiteSchema(localDev: boolean) {
  return z.strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    allowedOrigins: allowedOriginsSchema.refine((origins) => origins.length > 0, "list at least one origin").optional(),
    plan: planSchema.optional(),
    theme: themeSchema.optional(),
    instructions: instructionsSchema.optional(),
    starterQuestions: starterQuestionsSchema.optional(),
    showServedBy: z.boolean().optional(),
    handoffWebhookUrl: webhookUrlSchema(localDev).optional(),
    rotateHandoffSecret: z.boolean().optional(),
  });
}

/** Operators' widget sites: register (gets a public site key), list, read, change, soft-delete. */
export const adminSites = new Hono<AppEnv>();

adminSites.use(adminAuth());
adminSites.route("/:id/knowledge", adminSiteKnowledge);
adminSites.route("/:id", adminSiteActivity);

adminSites.post("/", async (c) => {
  const input = await readJsonBody(c, createSiteSchema);
  const site = await insertSite(c.env.DB, { ...input, siteKey: generateSiteKey() });
  return c.json(present(site), 201);
});

adminSites.get("/", async (c) => {
  const sites = await listLiveSites(c.env.DB);
  return c.json({ data: sites.map(present) });
});

adminSites.get("/:id", async (c) => {
  const site = await readLiveSite(c.env.DB, c.req.param("id"));
  if (!site) throw notFound("site");
  return c.json(present(site));
});

// The site's usage from the rollups (same query and shape as GET /admin/api/usage, filtered to the site).
adminSites.get("/:id/usage", async (c) => {
  const site = await readLiveSite(c.env.DB, c.req.param("id"));
  if (!site) throw notFound("site");
  const input = validate(usageQuerySchema, c.req.query());
  return c.json(await usageReport(c, { ...input, siteId: site.id, format: "json" }));
});

// Setting a new webhook URL (or rotateHandoffSecret) makes a new signing secret, answered once as `handoffSecret`.
adminSites.patch("/:id", async (c) => {
  const { rotateHandoffSecret, ...changes } = await readJsonBody(c, updateSiteSchema(c.get("config").devRegionHeader));
  const existing = await readLiveSite(c.env.DB, c.req.param("id"));
  if (!existing) throw notFound("site");
  const secret = await handoffSecretChange(c, existing, changes.handoffWebhookUrl, rotateHandoffSecret === true);
  const site = await updateSite(c.env.DB, existing.id, { ...changes, ...secret.changes });
  if (!site) throw notFound("site");
  return c.json(secret.shown ? { ...present(site), handoffSecret: secret.shown } : present(site));
});

adminSites.delete("/:id", async (c) => {
  const deleted = await softDeleteSite(c.env.DB, c.req.param("id"));
  if (!deleted) throw notFound("site");
  return c.json({ id: c.req.param("id"), deleted: true });
});

function present(site: Site) {
  return {
    id: site.id,
    name: site.name,
    siteKey: site.siteKey,
    allowedOrigins: site.allowedOrigins,
    plan: site.plan,
    theme: site.theme,
    instructions: site.instructions,
    starterQuestions: site.starterQuestions,
    showServedBy: site.showServedBy,
    handoffWebhookUrl: site.handoffWebhookUrl,
    createdAt: new Date(site.createdAt).toISOString(),
  };
}
