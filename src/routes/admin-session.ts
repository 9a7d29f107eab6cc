import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import * as z from "zod";
import { identifyAdmin, requireSameOrigin } from "../admin/admin-auth.ts";
import { issueSession, SESSION_COOKIE, SESSION_TTL_MS, sessionCookieOptions } from "../admin/console-session.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { readJsonBody } from "../http/json-body.ts";
import { timingSafeEqualText } from "../lib/crypto.ts";

const signInSchema = z.strictObject({ token: z.string().min(1).max(1000) });

/** How the console signs in here: through Cloudflare Access, with the admin token, or not at all. */
function signInMethod(config: { access: unknown; adminToken: string | null }): "access" | "token" | "closed" {
  if (config.access) return "access";
  return config.adminToken ? "token" : "closed";
}

/**
 * The console's session: `GET` says who is signed in (and how to sign in when nobody is), `POST {token}`
 * exchanges ADMIN_TOKEN for a one-hour HttpOnly cookie, `DELETE` signs out.
 */
export const adminSession = new Hono<AppEnv>()
  .get("/", async (c) => {
    const principal = await identifyAdmin(c);
    return c.json({
      signedIn: principal !== null,
      method: principal?.method ?? null,
      subject: principal?.subject ?? null,
      expiresAt: principal?.expiresAt == null ? null : new Date(principal.expiresAt).toISOString(),
      signIn: signInMethod(c.get("config")),
    });
  })
  .post("/", async (c) => {
    // Login CSRF: another site must not be able to sign this browser in.
    requireSameOrigin(c);
    const config = c.get("config");
    const method = signInMethod(config);
    if (method === "access") {
      throw new AppError(409, "This console signs in through Cloudflare Access.", { code: "access_sign_in" });
    }
    if (!config.adminToken) {
      throw new AppError(403, "The console is closed: set ADMIN_TOKEN (or Cloudflare Access) to open it.", {
        code: "admin_closed",
      });
    }
    const { token } = await readJsonBody(c, signInSchema);
    if (!(await timingSafeEqualText(token, config.adminToken))) {
      throw new AppError(401, "That is not the admin token.", { code: "unauthorized", param: "token" });
    }
    const session = await issueSession(config.adminToken);
    setCookie(c, SESSION_COOKIE, session.value, sessionCookieOptions(c.req.url, SESSION_TTL_MS / 1000));
    return c.json({ signedIn: true, method: "session", expiresAt: new Date(session.expiresAt).toISOString() });
  })
  .delete("/", (c) => {
    deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(c.req.url, 0));
    return c.json({ signedIn: false });
  });
