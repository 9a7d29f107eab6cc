import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { z } from "zod";
import { users } from "../db/schema.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../errors/app-error.ts";
import { readJsonBody } from "../http/json-body.ts";
import { forgetVisitor } from "../identity/index.ts";
import { adminAuth } from "../middleware/admin-auth.ts";

const patchBody = z.object({
  plan: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "plan must be a lower-case plan id such as free or pro"),
});

/** Admin: change a visitor's plan (`PATCH /admin/api/users/:id {plan}`). */
export const adminUsers = new Hono<AppEnv>().use(adminAuth()).patch("/:id", async (c) => {
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
});
