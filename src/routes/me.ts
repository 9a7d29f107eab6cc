import { Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import { sessionOf } from "../chat/session-client.ts";
import { conversationIdsOf, eraseVisitorRows, readVisitorData } from "../db/queries/my-data.ts";
import type { AppEnv } from "../env.ts";
import { forgetVisitor, visitor, visitorCookieName } from "../identity/index.ts";
import { listModels } from "../inference/index.ts";

// Conversations erased at once: each is a call to its Durable Object, which ends a live turn and wipes itself.
const eraseConcurrency = 8;

/** Who the visitor is and which models their plan may use; and their data, to take away or erase (GDPR). */
export const me = new Hono<AppEnv>()
  .get("/me", visitor(), (c) => {
    const { userId, plan } = c.get("visitor");
    return c.json({ id: userId, plan, models: listModels(c.get("config"), plan) });
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
    forgetVisitor(userId);
    deleteCookie(c, visitorCookieName, { path: "/", secure: true });
    return c.body(null, 204);
  })
  .get("/models", visitor(), (c) => c.json({ models: listModels(c.get("config"), c.get("visitor").plan) }));

/**
 * Erases a visitor: each conversation through its Durable Object (a live turn ends and is metered, the rows and the
 * object's storage go), then the visitor row with whatever is left (cascade) while usage rows are kept, anonymised.
 */
async function eraseVisitor(env: Env, userId: string): Promise<void> {
  const ids = await conversationIdsOf(env.DB, userId);
  for (let start = 0; start < ids.length; start += eraseConcurrency) {
    const chunk = ids.slice(start, start + eraseConcurrency);
    await Promise.all(chunk.map((id) => sessionOf(env, id).deleteAll(id)));
  }
  await eraseVisitorRows(env.DB, userId);
}
