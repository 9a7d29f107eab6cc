import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { pendingTurnstileSiteKey, visitor } from "../identity/index.ts";
import { listModels } from "../inference/index.ts";

/** Who the visitor is, which models their plan may use, and whether their first message needs Turnstile. */
export const me = new Hono<AppEnv>()
  .get("/me", visitor(), (c) => {
    const { userId, plan } = c.get("visitor");
    return c.json({
      id: userId,
      plan,
      models: listModels(c.get("config"), plan),
      // Public by design (Turnstile's site key is meant for pages); set while the first message needs the check.
      turnstileSiteKey: pendingTurnstileSiteKey(c),
    });
  })
  .get("/models", visitor(), (c) => c.json({ models: listModels(c.get("config"), c.get("visitor").plan) }));
