import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors/app-error.ts";

/** Pages and static files: the SPA shell for app routes, files from public/, an HTML 404 for the rest (security headers: http/page-headers.ts). */
export const site = new Hono<AppEnv>()
  .get("/", (c) => servePage(c.env, c.req.raw, "/index.html"))
  .get("/c/:id", (c) => servePage(c.env, c.req.raw, "/index.html"))
  // The read-only shared page is the same shell; the client fetches the snapshot from /api/shares/:id.
  .get("/s/:id", (c) => servePage(c.env, c.req.raw, "/index.html"))
  .get("*", async (c) => {
    const response = await c.env.ASSETS.fetch(c.req.raw);
    if (response.status === 404) throw new AppError(404, "There is no page at this address.", { code: "not_found" });
    return response;
  });

async function servePage(env: Env, request: Request, path: string): Promise<Response> {
  const url = new URL(request.url);
  url.pathname = path;
  return env.ASSETS.fetch(new Request(url, { headers: request.headers }));
}
