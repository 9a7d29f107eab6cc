// The console's own sign-in when Cloudflare Access is not configured: the operator pastes ADMIN_TOKEN once and
// gets a short-lived signed cookie, so the token never sits in the page's JavaScript or storage.
// The cookie is stateless (`v1.<expires ms>.<nonce>.<HMAC>`) and keyed by ADMIN_TOKEN itself: rotating the
// token signs every console out; signing out clears the cookie in that browser (a copied cookie stays valid
// until it expires, which is why it lives one hour).
import { hmacSign, randomId, timingSafeEqualText } from "../lib/crypto.ts";

/** Name of the console's session cookie (scoped to `/admin`). */
export const SESSION_COOKIE = "edgechat_admin";

/** How long a console session lasts. */
export const SESSION_TTL_MS = 60 * 60 * 1000;

function signed(adminToken: string, expiresAt: number, nonce: string): Promise<string> {
  // Domain-separated so a signature made for anything else with the same key can never pass as a session.
  return hmacSign(adminToken, `edgechat-admin-session.v1.${expiresAt}.${nonce}`);
}

/** A new session cookie value, valid until `now + SESSION_TTL_MS`. */
export async function issueSession(
  adminToken: string,
  now = Date.now(),
): Promise<{ value: string; expiresAt: number }> {
  const expiresAt = now + SESSION_TTL_MS;
  const nonce = randomId(12);
  return { value: `v1.${expiresAt}.${nonce}.${await signed(adminToken, expiresAt, nonce)}`, expiresAt };
}

/** The session's expiry if `value` is a genuine, unexpired session cookie; otherwise null. */
export async function readSession(
  value: string | undefined,
  adminToken: string,
  now = Date.now(),
): Promise<{ expiresAt: number } | null> {
  const parts = value?.split(".") ?? [];
  if (parts.length !== 4 || parts[0] !== "v1") return null;
  const [, expiry = "", nonce = "", signature = ""] = parts;
  if (!/^\d{1,15}$/.test(expiry)) return null;
  const expiresAt = Number(expiry);
  if (expiresAt <= now || expiresAt > now + SESSION_TTL_MS) return null;
  const expected = await signed(adminToken, expiresAt, nonce);
  return (await timingSafeEqualText(signature, expected)) ? { expiresAt } : null;
}

/**
 * `Set-Cookie` attributes: HttpOnly, SameSite=Strict, only sent to /admin; Secure except on plain-http loopback
 * (local `wrangler dev`), where a Secure cookie would not be stored.
 */
export function sessionCookieOptions(requestUrl: string, maxAgeSeconds: number) {
  const url = new URL(requestUrl);
  const loopback = url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return {
    path: "/admin",
    httpOnly: true,
    secure: !loopback,
    sameSite: "Strict",
    maxAge: maxAgeSeconds,
  } as const;
}
