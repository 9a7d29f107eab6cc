import { Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import { uploadsBucket } from "../attachments/image-store.ts";
import type { AppConfig } from "../config/config.ts";
import type { Me, ModelList } from "../contract/site-api.ts";
import { readVisitorData } from "../db/queries/my-data.ts";
import type { AppEnv } from "../env.ts";
import { pendingTurnstileSiteKey, sessionCookieName, visitor, visitorCookieName } from "../identity/index.ts";
import { listModels } from "../inference/index.ts";
import { eraseVisitor } from "../upkeep/erase-visitor.ts";

/**
 * Who the visitor is, which models their plan may use (with every catalog model's name, for notices), whether
 * their first message needs Turnstile; and their data, to take away or erase (GDPR).
 */
export const me = new Hono<AppEnv>()
  .get("/me", visitor(), (c) => {
    const { userId, plan } = c.get("visitor");
    const config = c.get("config");
    return c.json({
      id: userId,
      plan,
      // The account chunk of the page loads only for a signed-in person (or on a click on Sign in).
      signedIn: c.get("signedIn") === true,
      models: listModels(config, plan),
      labels: modelLabels(config),
      // Images can be attached (to models whose capabilities say vision) only where an UPLOADS bucket is bound.
      imageAttachments: uploadsBucket(c.env) !== null,
      // Public by design (Turnstile's site key is meant for pages); set while the first message needs the check.
      turnstileSiteKey: pendingTurnstileSiteKey(c),
    } satisfies Me);
  })
  .get("/me/export", visitor(), async (c) => {
    const { userId, siteId } = c.get("visitor");
    const data = await readVisitorData(c.env.DB, { userId, siteId });
    const exportedAt = new Date().toISOString();
    return c.body(JSON.stringify({ exportedAt, ...data }, null, 2), 200, {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="edgechat-my-data-${exportedAt.slice(0, 10)}.json"`,
      "cache-control": "no-store",
    });
  })
  .delete("/me", visitor(), async (c) => {
    const { userId } = c.get("visitor");
    await eraseVisitor(c.env, userId);
    deleteCookie(c, visitorCookieName, { path: "/", secure: true });
    // A signed-in person's erase is their account's (its sessions went with its row).
    deleteCookie(c, sessionCookieName, { path: "/", secure: true });
    return c.body(null, 204);
  })
  .get("/models", visitor(), (c) => {
    const config = c.get("config");
    return c.json({
      models: listModels(config, c.get("visitor").plan),
      labels: modelLabels(config),
      imageAttachments: uploadsBucket(c.env) !== null,
    } satisfies ModelList);
  });

/** Every catalog model's and alias's human name: substitutes answer under names a plan's list may not have. */
function modelLabels(config: AppConfig): Record<string, string> {
  const { models, aliases } = config.routingPolicy;
  const labels: Record<string, string> = {};
  for (const [id, spec] of Object.entries(models)) labels[id] = spec.label;
  for (const [id, alias] of Object.entries(aliases)) labels[id] = models[alias.model]?.label ?? id;
  return labels;
}
