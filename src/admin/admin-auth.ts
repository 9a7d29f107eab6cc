import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { bearerToken } from "../http/bearer-token.ts";
import { timingSafeEqualText } from "../lib/crypto.ts";
import { isFromHost } from "../sites/request-origin.ts";
import { checkAccessAssertion } from "./access-assertion.ts";
import { readSession, SESSION_COOKIE } from "./console-session.ts";

/** How an admin request proved itself: the bearer token (CLI, API), Cloudflare Access, or a console session. */
export type AdminPrincipal = {
  method: "token" | "access" | "session";
  /** The Access identity's email (or service token name); null for the token and sessions. */
  subject: string | null;
  /** When the credential stops working (ms since epoch); null for the bearer token. */
  expiresAt: number | null;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function unauthorized(message = "Admin token missing or wrong.", code = "unauthorized"): AppError {
  return new AppError(401, message, { code, headers: { "www-authenticate": "Bearer" } });
}

/**
 * Who is calling, or null when no credential came with the request. A credential that came and is wrong
 * (bad bearer token, invalid or expired Access assertion) throws instead of falling through to another method.
 */
export async function identifyAdmin(c: Context<AppEnv>): Promise<AdminPrincipal | null> {
  const { adminToken, access } = c.get("config");
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const token = bearerToken(header) ?? "";
    if (!adminToken || !token || !(await timingSafeEqualText(token, adminToken))) throw unauthorized();
    return { method: "token", subject: null, expiresAt: null };
  }
  if (access) {
    const assertion = c.req.header("cf-access-jwt-assertion");
    if (!assertion) return null;
    const check = await checkAccessAssertion(assertion, access);
    if (check.ok) return { method: "access", subject: check.identity.subject, expiresAt: check.identity.expiresAt };
    if (check.reason === "keys_unreachable") {
      throw new AppError(503, "Cloudflare Access's signing keys could not be fetched; try again.", {
        code: "access_unavailable",
      });
    }
    throw check.reason === "expired"
      ? unauthorized("Your Cloudflare Access sign-in has expired; reload to sign in again.", "access_expired")
      : unauthorized("The Cloudflare Access assertion is not valid for this application.", "access_invalid");
  }
  // Without Access, the console's own session cookie (see routes/admin-session.ts).
  if (!adminToken) return null;
  const session = await readSession(getCookie(c, SESSION_COOKIE), adminToken);
  return session ? { method: "session", subject: null, expiresAt: session.expiresAt } : null;
}

/**
 * Throws 403 unless the request comes from the Worker's own pages (`Origin`, or `Sec-Fetch-Site: same-origin` where
 * a browser sends no Origin): a cookie (ours or Access's) rides along on cross-site requests too. Unlike the site
 * API's guard, a request with neither header is refused: only browsers carry these cookies.
 */
export function requireSameOrigin(c: Context<AppEnv>): void {
  if (!isFromHost(c.req.raw)) {
    throw new AppError(403, "Admin changes from a browser must come from this site's own pages.", {
      code: "cross_origin",
    });
  }
}

/**
 * Admits `Authorization: Bearer <ADMIN_TOKEN>`, a valid Cloudflare Access assertion (when ACCESS_TEAM_DOMAIN
 * and ACCESS_AUD are set) or a console session cookie (otherwise). Writes authenticated by anything the browser
 * attaches on its own (both cookies) must carry a same-origin `Origin`. With nothing configured, /admin is closed.
 */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async function adminAuthMiddleware(c, next) {
    const principal = await identifyAdmin(c);
    if (!principal) throw unauthorized();
    if (principal.method !== "token" && !SAFE_METHODS.has(c.req.method)) requireSameOrigin(c);
    await next();
  };
}
