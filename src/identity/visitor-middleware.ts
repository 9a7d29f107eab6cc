import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../env.ts";
import { randomId } from "../lib/crypto.ts";
import { defaultPlanName } from "../plans.ts";
import { sessionVisitor } from "./account-session.ts";
import { loadVisitor, persistVisitor, type Visitor } from "./create-visitor.ts";
import { clientLimitKey } from "./ip-key.ts";
import { chargeNewIdentity } from "./new-identity-cap.ts";
import { cookieLifetime } from "./token-lifetimes.ts";
import { liveSubprotocol, sessionSecrets, tokenVisitorGone, visitorTokenOf } from "./token-transport.ts";
import { requireTurnstile, turnstileTokenHeader } from "./turnstile.ts";
import { loadVisitorCached } from "./visitor-cache.ts";
import { type SessionSecrets, signVisitorCookie, verifyVisitorCookie } from "./visitor-token.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The signed-in anonymous visitor (set by `visitor()`). */
    visitor: Visitor;
    /** False while the visitor exists only in their cookie (no users row until their first write). */
    visitorPersisted: boolean;
    /** True when the visitor is a signed-in account (an `ec_session` cookie; see account-session.ts). */
    signedIn: boolean;
  }
}

/** Name of the signed identity cookie on the chat site. */
export const visitorCookieName = "ec_visitor";

/** Methods that can create something a visitor owns; only they make a cookie-only visitor a users row. */
function createsData(method: string): boolean {
  return method === "POST" || method === "PUT" || method === "PATCH";
}

/**
 * Resolves `c.get("visitor")`: from a visitor token (Authorization: Bearer, or the live WebSocket's
 * subprotocol; a bad one is 401), else from the `ec_visitor` cookie, else as a new free visitor with a fresh
 * cookie. A new chat-site visitor exists only in their signed cookie until their first write: reads never
 * insert a users row, so a crawler or a flood of cookieless GETs costs no storage. The first write creates the
 * row, after the network's new-identity cap and, when Turnstile is on, a passed human check.
 */
export function visitor(): MiddlewareHandler<AppEnv> {
  return async function visitorMiddleware(c, next) {
    const secrets = sessionSecrets(c);
    const token = await visitorTokenOf(c);
    if (token === null) {
      c.set("visitor", await cookieVisitor(c, secrets));
      return next();
    }
    c.set("visitorPersisted", true);
    const found = await loadVisitor(c.env.DB, token.claims.userId);
    if (!found || found.siteId !== token.claims.siteId) {
      throw tokenVisitorGone();
    }
    c.set("visitor", found);
    await next();
    // A browser drops a WebSocket whose handshake does not name one of the subprotocols it offered.
    if (token.via === "subprotocol" && c.res.status === 101)
      c.res.headers.set("sec-websocket-protocol", liveSubprotocol);
  };
}

/**
 * The chat-site visitor of this request's cookies: a signed-in session's account first, else the anonymous
 * `ec_visitor` cookie, (re-)set when it is new, stale or unusable.
 */
async function cookieVisitor(c: Context<AppEnv>, secrets: SessionSecrets): Promise<Visitor> {
  const account = await sessionVisitor(c, secrets);
  c.set("signedIn", account !== null);
  if (account) {
    c.set("visitorPersisted", true);
    return account;
  }
  const raw = getCookie(c, visitorCookieName);
  const check = raw ? await verifyVisitorCookie(secrets, raw) : null;
  const cookieUser = check?.ok ? check.claims : null;
  // Cached for a few seconds (see visitor-cache.ts); widget tokens above always read D1, so a site's plan
  // change reaches its visitors at once.
  const known = cookieUser ? await loadVisitorCached(c.env.DB, cookieUser) : null;
  let current: Visitor;
  if (known && known.siteId === null) {
    current = known;
    c.set("visitorPersisted", true);
  } else {
    // No row yet (or, never expected, a widget user's id in a cookie): a cookie-only visitor until a write.
    const userId = cookieUser !== null && known === null ? cookieUser : randomId(16);
    current = { userId, plan: defaultPlanName, siteId: null };
    if (createsData(c.req.method)) await createRow(c, current);
    c.set("visitorPersisted", createsData(c.req.method));
  }
  const keep = current.userId === cookieUser && check?.ok === true && !check.stale;
  if (!keep) {
    setCookie(c, visitorCookieName, await signVisitorCookie(secrets.current, current.userId), {
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
      path: "/",
      maxAge: Math.floor(cookieLifetime.maxAgeMs / 1000),
    });
  }
  return current;
}

/** A new visitor's first write: the human check (when on), the network's new-identity cap, then the row. */
async function createRow(c: Context<AppEnv>, visitor: Visitor): Promise<void> {
  const turnstile = c.get("config").turnstile;
  const address = c.req.header("cf-connecting-ip") ?? null;
  // Checked before the cap only for a missing token (free to refuse); a real check costs a siteverify call,
  // so the cap goes first and a flood never reaches Cloudflare.
  if (turnstile && !c.req.header(turnstileTokenHeader)) await requireTurnstile(turnstile, null, address);
  await chargeNewIdentity(c.env, clientLimitKey(c.req.raw));
  if (turnstile) await requireTurnstile(turnstile, c.req.header(turnstileTokenHeader) ?? null, address);
  await persistVisitor(c.env.DB, visitor);
}

/** Turnstile's site key while this request's visitor must still pass the check (Turnstile on, no row yet), else null. */
export function pendingTurnstileSiteKey(c: Context<AppEnv>): string | null {
  const turnstile = c.get("config").turnstile;
  return turnstile && !c.get("visitorPersisted") ? turnstile.siteKey : null;
}

/** The anonymous visitor id in this request's valid `ec_visitor` cookie (read only: no row, no cookie), else null. */
export async function anonymousVisitorId(c: Context<AppEnv>, secrets: SessionSecrets): Promise<string | null> {
  const raw = getCookie(c, visitorCookieName);
  const check = raw ? await verifyVisitorCookie(secrets, raw) : null;
  return check?.ok ? check.claims : null;
}
