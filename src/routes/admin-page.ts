import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

/** The console's pages (client-side routes of one shell); anything else under /admin is a 404. */
export const ADMIN_PAGES = ["overview", "keys", "sites", "users", "providers", "export"] as const;

const pagePattern = `/:page{${ADMIN_PAGES.join("|")}}`;

/**
 * `/admin` and `/admin/<page>`: the console's HTML shell (public/admin.html); the strict CSP and no-framing headers
 * come from http/page-headers.ts like every page's. The shell holds nothing secret (every figure comes from
 * /admin/api behind the sign-in) and is never cached.
 */
export const adminPage = new Hono<AppEnv>()
  .get("/", (c) => serveShell(c.env, c.req.raw))
  .get(pagePattern, (c) => serveShell(c.env, c.req.raw));

async function serveShell(env: Env, request: Request): Promise<Response> {
  const url = new URL(request.url);
  url.pathname = "/admin.html";
  const asset = await env.ASSETS.fetch(new Request(url, { headers: request.headers }));
  const response = new Response(asset.body, asset);
  response.headers.set("cache-control", "no-store");
  return response;
}
