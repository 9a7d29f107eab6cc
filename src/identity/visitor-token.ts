import { hmacSign, timingSafeEqualText } from "../lib/crypto.ts";

/** Who a visitor is: the user row, and the widget site that created them (null on the chat site). */
export type VisitorClaims = { userId: string; siteId: string | null };

// Ids are base64url; a dot separates the token's parts, so it must never appear inside one.
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

function assertSecret(secret: string): void {
  // Signing with an empty key would make every token forgeable.
  if (!secret) throw new Error("SESSION_SECRET is empty: refusing to sign.");
}

/**
 * Signs a visitor token for `Authorization: Bearer` (the widget's iframe, where cookies are blocked):
 * `vt1.<userId>.<siteId or ->.<hmac>`. Throws on an empty secret or an id that is not base64url.
 */
export async function issueVisitorToken(secret: string, userId: string, siteId: string | null): Promise<string> {
  assertSecret(secret);
  if (!idPattern.test(userId) || (siteId !== null && !idPattern.test(siteId))) {
    throw new Error("Visitor token ids must be base64url.");
  }
  const payload = `vt1.${userId}.${siteId ?? "-"}`;
  return `${payload}.${await hmacSign(secret, payload)}`;
}

/** Checks a visitor token's signature; returns its claims, or null for anything malformed or forged. */
export async function verifyVisitorToken(secret: string, token: string): Promise<VisitorClaims | null> {
  assertSecret(secret);
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== "vt1") return null;
  const [, userId = "", site = "", signature = ""] = parts;
  if (!idPattern.test(userId) || (site !== "-" && !idPattern.test(site))) return null;
  const expected = await hmacSign(secret, `vt1.${userId}.${site}`);
  if (!(await timingSafeEqualText(signature, expected))) return null;
  return { userId, siteId: site === "-" ? null : site };
}

/** The `ec_visitor` cookie value: `<userId>.<hmac>` (a different message than tokens, so neither passes as the other). */
export async function signVisitorCookie(secret: string, userId: string): Promise<string> {
  assertSecret(secret);
  return `${userId}.${await hmacSign(secret, `cookie.${userId}`)}`;
}

/** The user id inside a valid `ec_visitor` cookie, or null. */
export async function verifyVisitorCookie(secret: string, value: string): Promise<string | null> {
  assertSecret(secret);
  const dot = value.indexOf(".");
  if (dot <= 0) return null;
  const userId = value.slice(0, dot);
  if (!idPattern.test(userId)) return null;
  const expected = await hmacSign(secret, `cookie.${userId}`);
  return (await timingSafeEqualText(value.slice(dot + 1), expected)) ? userId : null;
}
