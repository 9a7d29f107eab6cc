import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import {
  chargeNewIdentity,
  clientLimitKey,
  createVisitor,
  issueVisitorToken,
  loadVisitor,
  sessionSecrets,
  tokenVisitorGone,
  visitorTokenOf,
} from "../identity/index.ts";
import { PAGE_CSP, pageSecurityHeaders } from "../lib/security-headers.ts";
import { renderEmbedPage, renderThemeCss } from "../sites/embed-page.ts";
import { canonicalOrigin, frameAncestors, originAllowed } from "../sites/origin-pattern.ts";
import { isFromHost } from "../sites/request-origin.ts";
import { findLiveSiteByKey, type Site } from "../sites/site-store.ts";
import { pickValid, resolveTheme } from "../sites/theme.ts";

/** The embed page's policy: our strict page policy, framable only by the site's own origins. */
export function embedCsp(site: Site): string {
  return PAGE_CSP.replace("frame-ancestors 'none'", frameAncestors(site.allowedOrigins));
}

async function liveSiteOr404(db: D1Database, siteKey: string): Promise<Site> {
  const site = await findLiveSiteByKey(db, siteKey);
  // Framing a 404 is refused too: nothing of ours renders inside a page that is not allowed.
  if (!site) throw new AppError(404, "There is no chat widget here.", { code: "not_found" });
  return site;
}

/**
 * Widget pages: `/embed/:siteKey` (the iframe document) and `/embed/:siteKey/theme.css` (the loader's stylesheet,
 * the one thing besides the script and the frame that a strict host CSP lets us load).
 */
export const embedPages = new Hono<AppEnv>()
  .get("/:siteKey/theme.css", async (c) => {
    const site = await liveSiteOr404(c.env.DB, c.req.param("siteKey"));
    const overrides = pickValid({ color: c.req.query("color"), position: c.req.query("position") });
    const base = await c.env.ASSETS.fetch(new URL("/widget.css", c.req.url));
    // Not a security boundary (frame-ancestors is): it spares pages the site does not list a dead launcher.
    const allowed = originAllowed(c.req.query("origin") ?? "", site.allowedOrigins);
    const css = renderThemeCss(resolveTheme(site.theme, overrides), base.ok ? await base.text() : "", allowed);
    return c.body(css, 200, {
      "content-type": "text/css; charset=utf-8",
      "cache-control": "public, max-age=300",
      "x-content-type-options": "nosniff",
    });
  })
  .get("/:siteKey", async (c) => {
    const site = await liveSiteOr404(c.env.DB, c.req.param("siteKey"));
    const overrides = pickValid({
      title: c.req.query("title"),
      greeting: c.req.query("greeting"),
      placeholder: c.req.query("placeholder"),
    });
    // The loader says which page framed us; we only talk back (postMessage) to an origin the site allows, written
    // canonically because the frame compares it with the browser's exact `event.origin`.
    const claimed = canonicalOrigin(c.req.query("origin") ?? "");
    const parentOrigin = claimed !== null && originAllowed(claimed, site.allowedOrigins) ? claimed : "";
    const html = renderEmbedPage({ site, theme: resolveTheme(site.theme, overrides), parentOrigin });
    return c.body(html, 200, {
      ...pageSecurityHeaders(embedCsp(site)),
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-cache",
    });
  });

/**
 * Embed-only API: `POST /api/embed/:siteKey/visitor` gives the iframe a visitor identity for that site (201).
 * Sent with the visitor's still-valid token (and the site key header, like every widget call), it renews that
 * token instead (200, same visitor, fresh issue time): widget tokens slide (see token-lifetimes.ts).
 */
export const embedApi = new Hono<AppEnv>().post("/:siteKey/visitor", async (c) => {
  if (!isFromHost(c.req.raw)) {
    throw new AppError(403, "Widget visitors are only created from the widget's own frame.", {
      code: "origin_not_allowed",
    });
  }
  const site = await findLiveSiteByKey(c.env.DB, c.req.param("siteKey"));
  if (!site) throw new AppError(403, "This chat widget is not available.", { code: "site_unavailable" });
  const secret = sessionSecrets(c).current;
  const presented = await visitorTokenOf(c);
  if (presented) {
    const known = await loadVisitor(c.env.DB, presented.claims.userId);
    if (!known || presented.claims.siteId !== site.id || known.siteId !== site.id) {
      throw tokenVisitorGone();
    }
    const token = await issueVisitorToken(secret, known.userId, site.id);
    return c.json({ token, userId: known.userId, plan: known.plan }, 200);
  }
  await chargeNewIdentity(c.env, clientLimitKey(c.req.raw));
  const visitor = await createVisitor(c.env.DB, { plan: site.plan, siteId: site.id });
  const token = await issueVisitorToken(secret, visitor.userId, site.id);
  return c.json({ token, userId: visitor.userId, plan: visitor.plan }, 201);
});
