import type { Context } from "hono";
import { Hono } from "hono";
import { adminAuth } from "../admin/admin-auth.ts";
import type { AppEnv } from "../env.ts";
import { log } from "../lib/log.ts";
import { readiness } from "../readiness/readiness.ts";

export const VERSION = "0.1.0";

/** `GET /healthz`: liveness only. Public, so it names nothing about providers, URLs or servers. */
export const health = new Hono<AppEnv>().get("/", (c) => c.json({ ok: true, version: VERSION }));

/**
 * `GET /readyz`: 200 when every plan's first model has a provider that can serve it, 503 naming the plans and
 * models that have none. From configuration and breaker state; providers are never called here. With admin
 * credentials the answer also lists each plan's chain and why each other target is out.
 */
export const ready = new Hono<AppEnv>().get("/", async (c) => {
  const snapshot = await c.env.PROVIDER_HEALTH.getByName("global")
    .snapshot()
    .catch((error: unknown) => {
      log.warn("provider_health_unreachable", { error: error instanceof Error ? error.message : String(error) });
      return { targets: {} };
    });
  const result = readiness(c.get("config"), snapshot, Boolean(c.env.AI));
  const missing = result.plans.filter((plan) => !plan.ready).map(({ plan, model }) => ({ plan, model }));
  const body = {
    ready: result.ready,
    version: VERSION,
    missing,
    ...((await isAdmin(c)) ? { plans: result.plans } : {}),
  };
  if (!result.ready) log.warn("not_ready", { requestId: c.get("requestId"), plans: result.plans });
  return c.json(body, result.ready ? 200 : 503, { "cache-control": "no-store" });
});

/** True when the request carries valid admin credentials (whatever adminAuth accepts); never throws for them. */
async function isAdmin(c: Context<AppEnv>): Promise<boolean> {
  let passed = false;
  try {
    await adminAuth()(c, async () => {
      passed = true;
    });
  } catch {
    return false;
  }
  return passed;
}
