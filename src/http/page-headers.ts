import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { pageSecurityHeaders } from "../lib/security-headers.ts";
import { isJsonPath } from "./render-error.ts";

/**
 * The one place pages get their security headers: every HTML response (pages, /docs, HTML error pages, whatever
 * route made it) and every static file. A response that set its own CSP keeps it (the embed page's
 * `frame-ancestors` lists the site's origins) and gets the other headers. JSON APIs are left alone: their
 * responses are not rendered, and /v1's headers are a measured contract.
 */
export function pageHeaders(): MiddlewareHandler<AppEnv> {
  return async function pageHeadersMiddleware(c, next) {
    await next();
    const response = c.res;
    if (response.status === 101) return;
    const html = response.headers.get("content-type")?.toLowerCase().startsWith("text/html") ?? false;
    if (!html && isJsonPath(c.req.path)) return;
    const headers = pageSecurityHeaders(response.headers.get("content-security-policy") ?? undefined);
    const patched = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) patched.headers.set(name, value);
    c.res = undefined;
    c.res = patched;
  };
}
