import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import * as z from "zod";
import { adminAuth } from "../admin/admin-auth.ts";
import { users } from "../db/schema.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/app-error.ts";
import { readJsonBody, validate } from "../http/json-body.ts";
import { forgetVisitor } from "../identity/index.ts";
import { eraseVisitor } from "../upkeep/erase-visitor.ts";

const patchBody = z.object({
  plan: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "plan must be a lower-case plan id such as free or pro"),
});

const findQuery = z.object({ id: z.string().trim().min(1, "give the visitor's id").max(100) });

type UserSummary = {
  id: string;
  plan: string;
  siteId: string | null;
  createdAt: number;
  conversations: number;
  lastActiveAt: number | null;
  accountName: string | null;
  passkeys: number;
};

/**
 * Admin: find a visitor (`GET /admin/api/users?id=`), change their plan (`PATCH /admin/api/users/:id {plan}`),
 * erase them and everything they stored (`DELETE /admin/api/users/:id`).
 */
export const adminUsers = new Hono<AppEnv>()
  .use(adminAuth())
  .get("/", async (c) => {
    const { id } = validate(findQuery, c.req.query());
    const user = await c.env.DB.prepare(
      `SELECT u.id, u.plan, u.site_id AS siteId, u.created_at AS createdAt,
         (SELECT COUNT(*) FROM conversations WHERE user_id = u.id) AS conversations,
         (SELECT MAX(updated_at) FROM conversations WHERE user_id = u.id) AS lastActiveAt,
         (SELECT name FROM accounts WHERE user_id = u.id) AS accountName,
         (SELECT COUNT(*) FROM passkeys WHERE user_id = u.id) AS passkeys
       FROM users u WHERE u.id = ?`,
    )
      .bind(id)
      .first<UserSummary>();
    if (!user) throw notFound("user");
    const { accountName, passkeys, ...summary } = user;
    return c.json({
      ...summary,
      // A person with an account (their plan applies on every device they sign in on), or null for a cookie.
      account: accountName === null ? null : { name: accountName, passkeys },
      createdAt: new Date(summary.createdAt).toISOString(),
      lastActiveAt: summary.lastActiveAt === null ? null : new Date(summary.lastActiveAt).toISOString(),
    });
  })
  .patch("/:id", async (c) => {
    const { plan } = await readJsonBody(c, patchBody);
    const updated = await drizzle(c.env.DB)
      .update(users)
      .set({ plan })
      .where(eq(users.id, c.req.param("id")))
      .returning({ id: users.id, plan: users.plan, siteId: users.siteId });
    const user = updated[0];
    if (!user) throw notFound("user");
    // This isolate applies the new plan at once; others within visitorCacheMs (5 s).
    forgetVisitor(user.id);
    return c.json(user);
  })
  .delete("/:id", async (c) => {
    const erased = await eraseVisitor(c.env, c.req.param("id"));
    if (!erased) throw notFound("user");
    return c.json({ id: c.req.param("id"), erased: true, ...erased });
  });
