import { Hono } from "hono";
import * as z from "zod";
import { searchOwn } from "../db/queries/search.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../http/json-body.ts";
import { visitor } from "../identity/index.ts";

const searchQuery = z.object({
  q: z.string().trim().min(1, "q must not be empty").max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** GET /api/search?q= over the visitor's own conversation titles and messages. */
export const search = new Hono<AppEnv>().use(visitor()).get("/", async (c) => {
  const query = validate(searchQuery, c.req.query());
  const visitorId = c.get("visitor");
  const results = await searchOwn(
    c.env.DB,
    { userId: visitorId.userId, siteId: visitorId.siteId },
    query.q,
    query.limit,
  );
  return c.json({ results });
});
