import { Hono } from "hono";
import type { AppConfig } from "../config/config.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { allowTurnstile } from "../identity/index.ts";
import { PAGE_CSP } from "../lib/security-headers.ts";
import { localizeShell, shellLanguage } from "./page-language.ts";

/** Pages and static files: the SPA shell for app routes, files from public/, an HTML 404 for the rest (security headers: http/page-headers.ts). */
export const site = new Hono<AppEnv>()
  .get("/", (c) => servePage(c.env, c.req.raw, "/index.html", appCsp(c.get("config"))))
  .get("/c/:id", (c) => servePage(c.env, c.req.raw, "/index.html", appCsp(c.get("config"))))
  // The read-only shared page is the same shell; the client fetches the snapshot from /api/shares/:id.
  .get("/s/:id", (c) => servePage(c.env, c.req.raw, "/index.html", appCsp(c.get("config"))))
  .get("*", async (c) => {
    const response = await c.env.ASSETS.fetch(c.req.raw);
    if (response.status === 404) throw new AppError(404, "There is no page at this address.", { code: "not_found" });
    return response;
  });

// The app shell may load Cloudflare Turnstile's script and frame only when Turnstile is configured; otherwise
// the page headers middleware gives it the strict default policy.
function appCsp(config: AppConfig): string | null {
  return config.turnstile ? allowTurnstile(PAGE_CSP) : null;
}

async function servePage(env: Env, request: Request, path: string, csp: string | null): Promise<Response> {
  const url = new URL(request.url);
  url.pathname = path;
  const asset = await env.ASSETS.fetch(new Request(url, { headers: request.headers }));
  const response = asset.ok ? localizeShell(asset, shellLanguage(request.headers.get("accept-language"))) : asset;
  if (csp === null) return response;
  const withPolicy = new Response(response.body, response);
  withPolicy.headers.set("content-security-policy", csp);
  return withPolicy;
}
