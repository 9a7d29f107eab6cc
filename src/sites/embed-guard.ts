import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { visitorTokenOf } from "../identity/index.ts";
import { isFromHost } from "./request-origin.ts";
import { findLiveSiteById, findLiveSiteByKey, type Site } from "./site-store.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The widget site a site-API request was made for (set by `embedGuard()` on widget requests). */
    embedSite: Site;
  }
}

/** Header the embed sends its site key in (the live WebSocket, which cannot carry headers, relies on the token). */
export const siteKeyHeader = "x-edgechat-site-key";

/**
 * Guards the site API for widget traffic. A request is a widget request when it carries a site key or a visitor
 * token issued for a site; it must then come from HOST (the embed iframe), name a live site, and its token must
 * belong to that site. So a site key copied onto another page, or a visitor token replayed from elsewhere,
 * gets nothing. The turn-starting routes charge the site's plan-wide window (`chargeSiteTurn`, site-limits.ts)
 * before each visitor's own limits. Chat-site requests (neither) pass untouched. The token is verified here once
 * (`visitorTokenOf`, which also refuses a bad or expired one) and the visitor middleware reuses the result.
 */
export function embedGuard(): MiddlewareHandler<AppEnv> {
  return async function embedGuardMiddleware(c, next) {
    const siteKey = c.req.header(siteKeyHeader) ?? null;
    const token = await visitorTokenOf(c);
    const claims = token?.claims.siteId ? { userId: token.claims.userId, siteId: token.claims.siteId } : null;
    if (siteKey === null && claims === null) return next();
    if (!isFromHost(c.req.raw)) {
      throw new AppError(403, "Widget requests are only accepted from the widget's own frame.", {
        code: "origin_not_allowed",
      });
    }
    if (claims === null) {
      throw new AppError(401, "Widget requests need a visitor token.", {
        code: "visitor_token_required",
        headers: { "www-authenticate": "Bearer" },
      });
    }
    if (siteKey === null && !isLivePath(c.req.path)) {
      throw new AppError(401, `Widget requests must name their site in ${siteKeyHeader}.`, {
        code: "site_key_required",
        param: siteKeyHeader,
      });
    }
    const site =
      siteKey === null ? await findLiveSiteById(c.env.DB, claims.siteId) : await findLiveSiteByKey(c.env.DB, siteKey);
    if (!site) throw new AppError(403, "This chat widget is not available.", { code: "site_unavailable" });
    if (site.id !== claims.siteId) {
      throw new AppError(403, "This visitor token belongs to another site.", { code: "site_mismatch" });
    }
    c.set("embedSite", site);
    await next();
  };
}

function isLivePath(path: string): boolean {
  return path.endsWith("/live");
}
