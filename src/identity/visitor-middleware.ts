import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors/app-error.ts";
import { createVisitor, loadVisitor, type Visitor } from "./create-visitor.ts";
import { loadVisitorCached } from "./visitor-cache.ts";
import { signVisitorCookie, verifyVisitorCookie, verifyVisitorToken } from "./visitor-token.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The signed-in anonymous visitor (set by `visitor()`). */
    visitor: Visitor;
  }
}

/** Name of the signed identity cookie on the chat site. */
export const visitorCookieName = "ec_visitor";
// Browsers cap cookie lifetimes at 400 days.
const cookieMaxAge = 400 * 24 * 60 * 60;

/**
 * Resolves `c.get("visitor")` from `Authorization: Bearer <visitor token>` (or `?token=` on live endpoints,
 * where browsers cannot set headers), else from the `ec_visitor` cookie, else creates a new free visitor
 * and sets the cookie. A bad token is 401; a bad cookie just starts a new identity.
 */
export function visitor(): MiddlewareHandler<AppEnv> {
  return async function visitorMiddleware(c, next) {
    const secret = c.get("config").sessionSecret;
    if (!secret) {
      throw new AppError(503, "Server misconfigured: SESSION_SECRET is not set, so visitors cannot be identified.", {
        code: "config_invalid",
        type: "server_error",
        param: "SESSION_SECRET",
      });
    }
    const token = bearerToken(c);
    if (token !== null) {
      const claims = await verifyVisitorToken(secret, token);
      const found = claims ? await loadVisitor(c.env.DB, claims.userId) : null;
      if (!claims || !found || found.siteId !== claims.siteId) {
        throw new AppError(401, "Visitor token is invalid or expired.", {
          code: "invalid_token",
          headers: { "www-authenticate": "Bearer" },
        });
      }
      c.set("visitor", found);
      return next();
    }
    const cookie = getCookie(c, visitorCookieName);
    const userId = cookie ? await verifyVisitorCookie(secret, cookie) : null;
    // Cached for a few seconds (see visitor-cache.ts); widget tokens above always read D1, so a site's plan
    // change reaches its visitors at once.
    const known = userId ? await loadVisitorCached(c.env.DB, userId) : null;
    // A cookie identity is a chat-site identity: widget users only ever authenticate with tokens.
    if (known && known.siteId === null) {
      c.set("visitor", known);
      return next();
    }
    const created = await createVisitor(c.env.DB, { plan: "free", siteId: null });
    setCookie(c, visitorCookieName, await signVisitorCookie(secret, created.userId), {
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
      path: "/",
      maxAge: cookieMaxAge,
    });
    c.set("visitor", created);
    return next();
  };
}

function bearerToken(c: Context<AppEnv>): string | null {
  const header = c.req.header("authorization");
  if (header?.startsWith("Bearer ")) return header.slice(7).trim();
  if (c.req.path.endsWith("/live")) {
    const query = c.req.query("token");
    if (query) return query;
  }
  return null;
}
