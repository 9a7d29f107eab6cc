import { hmacSign, timingSafeEqualText } from "../lib/crypto.ts";
import { clockSkewMs, cookieLifetime, type Lifetime, sessionLifetime, widgetTokenLifetime } from "./token-lifetimes.ts";

/** Who a visitor is: the user row, and the widget site that created them (null on the chat site). */
export type VisitorClaims = { userId: string; siteId: string | null };

/**
 * The keys credentials are signed and checked with: new ones are signed with `current`; during a rotation's
 * grace period `previous` (SESSION_SECRET_PREVIOUS) still verifies the ones signed before it.
 */
export type SessionSecrets = { current: string; previous: string | null };

/** Why a credential was refused: forged or malformed, too old, or from before credentials carried an issue time. */
export type RefusalReason = "invalid" | "expired" | "outdated";

/** The outcome of checking a credential. */
export type CredentialCheck<T> =
  | {
      ok: true;
      claims: T;
      /** Milliseconds since the epoch; null only for a legacy cookie (see verifyVisitorCookie). */
      issuedAt: number | null;
      /** True when it should be re-issued: past its refresh threshold, signed with the previous secret, or legacy. */
      stale: boolean;
    }
  | { ok: false; reason: RefusalReason };

// Ids are base64url; a dot separates the parts, so it must never appear inside one.
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const secondsPattern = /^\d{1,12}$/;

function assertSecret(secret: string): void {
  // Signing with an empty key would make every credential forgeable.
  if (!secret) throw new Error("SESSION_SECRET is empty: refusing to sign.");
}

/** Which secret signed `message` (current first), or null when neither did. */
async function signedBy(
  secrets: SessionSecrets,
  message: string,
  signature: string,
): Promise<"current" | "previous" | null> {
  assertSecret(secrets.current);
  if (await timingSafeEqualText(signature, await hmacSign(secrets.current, message))) return "current";
  if (secrets.previous && (await timingSafeEqualText(signature, await hmacSign(secrets.previous, message)))) {
    return "previous";
  }
  return null;
}

/** Expiry and staleness of a correctly signed credential issued at `seconds`. */
function judgeAge<T>(
  claims: T,
  seconds: string,
  lifetime: Lifetime,
  signer: "current" | "previous",
  now: number,
): CredentialCheck<T> {
  const issuedAt = Number(seconds) * 1000;
  const age = now - issuedAt;
  if (age < -clockSkewMs) return { ok: false, reason: "invalid" };
  if (age >= lifetime.maxAgeMs) return { ok: false, reason: "expired" };
  return { ok: true, claims, issuedAt, stale: signer === "previous" || age >= lifetime.refreshAfterMs };
}

/**
 * Signs a visitor token for `Authorization: Bearer` (the widget's iframe, where cookies are blocked):
 * `vt2.<userId>.<siteId or ->.<issued at, Unix seconds>.<hmac>`. Throws on an empty secret or an id that is
 * not base64url.
 */
export async function issueVisitorToken(
  secret: string,
  userId: string,
  siteId: string | null,
  now = Date.now(),
): Promise<string> {
  assertSecret(secret);
  if (!idPattern.test(userId) || (siteId !== null && !idPattern.test(siteId))) {
    throw new Error("Visitor token ids must be base64url.");
  }
  const payload = `vt2.${userId}.${siteId ?? "-"}.${Math.floor(now / 1000)}`;
  return `${payload}.${await hmacSign(secret, payload)}`;
}

/**
 * Checks a visitor token: signature (current or previous secret), then age against the widget token lifetime.
 * A `vt1` token (no issue time) is `outdated`: its holder must get a new one.
 */
export async function verifyVisitorToken(
  secrets: SessionSecrets,
  token: string,
  now = Date.now(),
): Promise<CredentialCheck<VisitorClaims>> {
  const parts = token.split(".");
  if (parts[0] === "vt1" && parts.length === 4) return { ok: false, reason: "outdated" };
  if (parts.length !== 5 || parts[0] !== "vt2") return { ok: false, reason: "invalid" };
  const [, userId = "", site = "", seconds = "", signature = ""] = parts;
  if (!idPattern.test(userId) || (site !== "-" && !idPattern.test(site)) || !secondsPattern.test(seconds)) {
    return { ok: false, reason: "invalid" };
  }
  const signer = await signedBy(secrets, `vt2.${userId}.${site}.${seconds}`, signature);
  if (signer === null) return { ok: false, reason: "invalid" };
  return judgeAge({ userId, siteId: site === "-" ? null : site }, seconds, widgetTokenLifetime, signer, now);
}

/**
 * The `ec_visitor` cookie value: `<userId>.<issued at, Unix seconds>.<hmac>`, signed as a different message
 * than tokens so neither passes as the other.
 */
export async function signVisitorCookie(secret: string, userId: string, now = Date.now()): Promise<string> {
  assertSecret(secret);
  const seconds = Math.floor(now / 1000);
  return `${userId}.${seconds}.${await hmacSign(secret, `cookie2.${userId}.${seconds}`)}`;
}

/**
 * The user id inside a valid `ec_visitor` cookie. A legacy cookie (`<userId>.<hmac>`, from before cookies
 * carried an issue time) is accepted only under the current secret and always comes back `stale`, so it is
 * replaced by a dated one on its next use; the first rotation of SESSION_SECRET ends any that are left.
 */
export async function verifyVisitorCookie(
  secrets: SessionSecrets,
  value: string,
  now = Date.now(),
): Promise<CredentialCheck<string>> {
  const parts = value.split(".");
  const [userId = "", ...rest] = parts;
  if (!idPattern.test(userId)) return { ok: false, reason: "invalid" };
  if (parts.length === 2) {
    assertSecret(secrets.current);
    const legacy = await hmacSign(secrets.current, `cookie.${userId}`);
    if (!(await timingSafeEqualText(rest[0] ?? "", legacy))) return { ok: false, reason: "invalid" };
    return { ok: true, claims: userId, issuedAt: null, stale: true };
  }
  const [seconds = "", signature = ""] = rest;
  if (parts.length !== 3 || !secondsPattern.test(seconds)) return { ok: false, reason: "invalid" };
  const signer = await signedBy(secrets, `cookie2.${userId}.${seconds}`, signature);
  if (signer === null) return { ok: false, reason: "invalid" };
  return judgeAge(userId, seconds, cookieLifetime, signer, now);
}

/**
 * The `ec_session` cookie value of a signed-in session: `<sessionId>.<issued at, Unix seconds>.<hmac>`, signed
 * as its own kind of message so it never passes as a visitor cookie or token (nor they as it).
 */
export async function signSessionCookie(secret: string, sessionId: string, now = Date.now()): Promise<string> {
  assertSecret(secret);
  if (!idPattern.test(sessionId)) throw new Error("Session ids must be base64url.");
  const seconds = Math.floor(now / 1000);
  return `${sessionId}.${seconds}.${await hmacSign(secret, `session1.${sessionId}.${seconds}`)}`;
}

/** The session id inside a valid `ec_session` cookie (signature, then age against the session lifetime). */
export async function verifySessionCookie(
  secrets: SessionSecrets,
  value: string,
  now = Date.now(),
): Promise<CredentialCheck<string>> {
  const parts = value.split(".");
  const [sessionId = "", seconds = "", signature = ""] = parts;
  if (parts.length !== 3 || !idPattern.test(sessionId) || !secondsPattern.test(seconds)) {
    return { ok: false, reason: "invalid" };
  }
  const signer = await signedBy(secrets, `session1.${sessionId}.${seconds}`, signature);
  if (signer === null) return { ok: false, reason: "invalid" };
  return judgeAge(sessionId, seconds, sessionLifetime, signer, now);
}
