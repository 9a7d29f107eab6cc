// D1 queries of accounts and their passkeys. An account's id is its users row's id.
import { AppError } from "../http/app-error.ts";
import type { NewCredential } from "./webauthn/verify-registration.ts";

/** A passkey as the account owner sees it (never the key itself). */
export type PasskeySummary = {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  backedUp: boolean;
  transports: string[];
};

/** The account of a user row, or null when that user is not an account. */
export type AccountRow = { userId: string; name: string; webauthnUserId: string; createdAt: number };

/** A stored passkey with what verifying it needs. */
export type PasskeyRecord = {
  id: string;
  userId: string;
  publicKey: string;
  signCount: number;
  webauthnUserId: string;
};

type PasskeyRow = Omit<PasskeySummary, "backedUp" | "transports"> & { backedUp: number; transports: string | null };

function parseTransports(text: string | null): string[] {
  try {
    const value: unknown = JSON.parse(text ?? "[]");
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}

function insertPasskey(db: D1Database, userId: string, credential: NewCredential, name: string, now: number) {
  return db
    .prepare(
      `INSERT INTO passkeys (id, user_id, public_key, algorithm, sign_count, transports, backed_up, name, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      credential.id,
      userId,
      credential.publicKey,
      credential.algorithm,
      credential.signCount,
      JSON.stringify(credential.transports),
      credential.backedUp ? 1 : 0,
      name,
      now,
    );
}

function passkeyExists(): AppError {
  return new AppError(409, "This passkey is already registered.", { code: "passkey_exists" });
}

/** A default passkey name people can tell apart in their list: where it lives and when it was made. */
function passkeyName(credential: NewCredential, now: number): string {
  const where = credential.transports.includes("internal")
    ? "This device"
    : credential.transports.includes("hybrid")
      ? "Phone"
      : credential.transports.length > 0
        ? "Security key"
        : "Passkey";
  return `${where}, added ${new Date(now).toISOString().slice(0, 10)}`;
}

/** Creates the user row, the account and its first passkey in one transaction. */
export async function createAccount(
  db: D1Database,
  account: { userId: string; plan: string; name: string; webauthnUserId: string },
  credential: NewCredential,
  now = Date.now(),
): Promise<void> {
  try {
    await db.batch([
      db
        .prepare(`INSERT INTO users (id, plan, site_id, created_at) VALUES (?, ?, NULL, ?)`)
        .bind(account.userId, account.plan, now),
      db
        .prepare(`INSERT INTO accounts (user_id, name, webauthn_user_id, created_at) VALUES (?, ?, ?, ?)`)
        .bind(account.userId, account.name, account.webauthnUserId, now),
      insertPasskey(db, account.userId, credential, passkeyName(credential, now), now),
    ]);
  } catch (error) {
    if (String(error).includes("UNIQUE constraint failed: passkeys.id")) throw passkeyExists();
    throw error;
  }
}

/** Adds a passkey to an existing account; a 409 when that credential is already registered. */
export async function addPasskey(db: D1Database, userId: string, credential: NewCredential, now = Date.now()) {
  try {
    await insertPasskey(db, userId, credential, passkeyName(credential, now), now).run();
  } catch (error) {
    if (String(error).includes("UNIQUE constraint failed: passkeys.id")) throw passkeyExists();
    throw error;
  }
}

/** The account whose users row is `userId`, or null. */
export async function findAccount(db: D1Database, userId: string): Promise<AccountRow | null> {
  return db
    .prepare(
      `SELECT user_id AS userId, name, webauthn_user_id AS webauthnUserId, created_at AS createdAt
       FROM accounts WHERE user_id = ?`,
    )
    .bind(userId)
    .first<AccountRow>();
}

/** The passkey with this credential id, with its account's user handle, or null. */
export async function findPasskey(db: D1Database, credentialId: string): Promise<PasskeyRecord | null> {
  return db
    .prepare(
      `SELECT p.id, p.user_id AS userId, p.public_key AS publicKey, p.sign_count AS signCount,
         a.webauthn_user_id AS webauthnUserId
       FROM passkeys p JOIN accounts a ON a.user_id = p.user_id WHERE p.id = ?`,
    )
    .bind(credentialId)
    .first<PasskeyRecord>();
}

/** Remembers a successful sign-in with a passkey: its new counter, backup state and when. */
export async function recordPasskeyUse(
  db: D1Database,
  credentialId: string,
  use: { signCount: number; backedUp: boolean },
  now = Date.now(),
): Promise<void> {
  await db
    .prepare(`UPDATE passkeys SET sign_count = ?, backed_up = ?, last_used_at = ? WHERE id = ?`)
    .bind(use.signCount, use.backedUp ? 1 : 0, now, credentialId)
    .run();
}

/** The account's passkeys, oldest first. */
export async function listPasskeys(db: D1Database, userId: string): Promise<PasskeySummary[]> {
  const { results } = await db
    .prepare(
      `SELECT id, name, created_at AS createdAt, last_used_at AS lastUsedAt, backed_up AS backedUp, transports
       FROM passkeys WHERE user_id = ? ORDER BY created_at, id`,
    )
    .bind(userId)
    .all<PasskeyRow>();
  return results.map((row) => ({ ...row, backedUp: row.backedUp === 1, transports: parseTransports(row.transports) }));
}

/**
 * Removes one of the account's passkeys. Removing the last one locks the person out of the account on every
 * device once this session ends, so it takes `allowLast` (the UI asks first); without it: a 409 `last_passkey`.
 * Another account's passkey (or none) is a 404, so ids cannot be probed.
 */
export async function removePasskey(db: D1Database, userId: string, credentialId: string, allowLast: boolean) {
  const { results } = await db.prepare(`SELECT id FROM passkeys WHERE user_id = ?`).bind(userId).all<{ id: string }>();
  if (!results.some((row) => row.id === credentialId)) {
    throw new AppError(404, "No such passkey on your account.", { code: "not_found" });
  }
  if (results.length === 1 && !allowLast) {
    throw new AppError(
      409,
      "This is your account's only passkey: without it you cannot sign in again once you sign out. Add another passkey first, or confirm.",
      { code: "last_passkey" },
    );
  }
  await db.prepare(`DELETE FROM passkeys WHERE id = ? AND user_id = ?`).bind(credentialId, userId).run();
}
