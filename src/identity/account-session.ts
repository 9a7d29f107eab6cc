// Signed-in sessions. An account is a chat-site users row, so a session only has to say which one: the
// `ec_session` cookie (HttpOnly, Secure, SameSite=Lax, signed like the visitor cookie) carries a random session
// id whose SHA-256 names a row in `account_sessions`; the visitor middleware then serves the request as the
// account's user, and every existing route works for a signed-in person unchanged. The row makes a session
// revocable (sign out, account deleted: the row goes, the cookie stops working) and lets it rotate: once a day
// on use the id is replaced (the old one keeps working for a minute, for requests already in flight).
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../env.ts";
import { randomId, sha256Hex } from "../lib/crypto.ts";
import type { Visitor } from "./create-visitor.ts";
import { sessionLifetime } from "./token-lifetimes.ts";
import { loadVisitorCached } from "./visitor-cache.ts";
import { type SessionSecrets, signSessionCookie, verifySessionCookie } from "./visitor-token.ts";

/** Name of the signed-in session cookie. */
export const sessionCookieName = "ec_session";

/** How long a rotated-away session id still works (a request sent just before the rotation). */
const rotationGraceMs = 60_000;
// Sessions are looked up on every request of a signed-in person; like visitor rows they are kept in the isolate
// for a few seconds. Signing out forgets the entry here at once; other isolates stop honouring it within this.
const sessionCacheMs = 5_000;
const maxEntries = 10_000;

type SessionRow = { userId: string; signedInAt: number; expiresAt: number };
const cached = new Map<string, { row: SessionRow; until: number }>();

async function loadSession(db: D1Database, hash: string, now: number): Promise<SessionRow | null> {
  const hit = cached.get(hash);
  if (hit && hit.until > now) return hit.row;
  cached.delete(hash);
  const row = await db
    .prepare(
      `SELECT user_id AS userId, signed_in_at AS signedInAt, expires_at AS expiresAt
       FROM account_sessions WHERE id = ?`,
    )
    .bind(hash)
    .first<SessionRow>();
  if (!row) return null;
  if (cached.size >= maxEntries) {
    const oldest = cached.keys().next();
    if (!oldest.done) cached.delete(oldest.value);
  }
  cached.set(hash, { row, until: now + sessionCacheMs });
  return row;
}

async function writeSession(c: Context<AppEnv>, userId: string, signedInAt: number, now: number): Promise<void> {
  const sessionId = randomId(32);
  const expiresAt = Math.min(now + sessionLifetime.maxAgeMs, signedInAt + sessionLifetime.absoluteMs);
  await c.env.DB.prepare(`INSERT INTO account_sessions (id, user_id, signed_in_at, expires_at) VALUES (?, ?, ?, ?)`)
    .bind(await sha256Hex(sessionId), userId, signedInAt, expiresAt)
    .run();
  const secret = c.get("config").sessionSecret ?? "";
  setCookie(c, sessionCookieName, await signSessionCookie(secret, sessionId, now), {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    maxAge: Math.max(1, Math.floor((expiresAt - now) / 1000)),
  });
}

/** Starts a session for the account `userId` (after a passkey ceremony) and sets its cookie. */
export async function startSession(c: Context<AppEnv>, userId: string, now = Date.now()): Promise<void> {
  await writeSession(c, userId, now, now);
}

/**
 * The signed-in account of this request as a visitor, or null (no session cookie, or one that is forged,
 * expired, revoked or whose account is gone: that cookie is then removed). A session due for rotation gets a
 * new id and cookie.
 */
export async function sessionVisitor(
  c: Context<AppEnv>,
  secrets: SessionSecrets,
  now = Date.now(),
): Promise<Visitor | null> {
  const raw = getCookie(c, sessionCookieName);
  if (!raw) return null;
  const check = await verifySessionCookie(secrets, raw, now);
  const hash = check.ok ? await sha256Hex(check.claims) : null;
  const row = hash ? await loadSession(c.env.DB, hash, now) : null;
  const visitor = row && row.expiresAt > now ? await loadVisitorCached(c.env.DB, row.userId) : null;
  if (!check.ok || !hash || !row || !visitor || visitor.siteId !== null) {
    deleteCookie(c, sessionCookieName, { path: "/", secure: true });
    return null;
  }
  if (check.stale && now - row.signedInAt < sessionLifetime.absoluteMs - sessionLifetime.refreshAfterMs) {
    await writeSession(c, row.userId, row.signedInAt, now);
    await c.env.DB.prepare(`UPDATE account_sessions SET expires_at = MIN(expires_at, ?) WHERE id = ?`)
      .bind(now + rotationGraceMs, hash)
      .run();
    cached.delete(hash);
  }
  return visitor;
}

/** Ends this request's session (sign out): its row goes and its cookie is removed. */
export async function endSession(c: Context<AppEnv>, secrets: SessionSecrets): Promise<void> {
  const raw = getCookie(c, sessionCookieName);
  if (!raw) return;
  const check = await verifySessionCookie(secrets, raw);
  if (check.ok) {
    const hash = await sha256Hex(check.claims);
    await c.env.DB.prepare(`DELETE FROM account_sessions WHERE id = ?`).bind(hash).run();
    cached.delete(hash);
  }
  deleteCookie(c, sessionCookieName, { path: "/", secure: true });
}
