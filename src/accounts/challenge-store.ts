// WebAuthn challenges live in D1 between the options call and the verify call: random, single use (the row is
// deleted by the same statement that reads it, so two verifies of one challenge cannot both succeed) and
// short-lived. The verify call finds its row by the challenge the browser echoes in clientDataJSON.
import { AppError } from "../http/app-error.ts";
import { randomId } from "../lib/crypto.ts";
import { challengeLifetimeMs } from "./webauthn/options.ts";

/** What a challenge was issued for. */
export type ChallengePurpose = "sign-up" | "add-passkey" | "sign-in";

/** A stored challenge and what it was issued with. */
export type IssuedChallenge = {
  challenge: string;
  purpose: ChallengePurpose;
  userId: string | null;
  webauthnUserId: string | null;
  name: string | null;
  expiresAt: number;
};

/** Stores a fresh challenge (32 random bytes, base64url) and returns it. */
export async function issueChallenge(
  db: D1Database,
  fields: { purpose: ChallengePurpose; userId?: string | null; webauthnUserId?: string | null; name?: string | null },
  now = Date.now(),
): Promise<IssuedChallenge> {
  const issued: IssuedChallenge = {
    challenge: randomId(32),
    purpose: fields.purpose,
    userId: fields.userId ?? null,
    webauthnUserId: fields.webauthnUserId ?? null,
    name: fields.name ?? null,
    expiresAt: now + challengeLifetimeMs,
  };
  await db
    .prepare(
      `INSERT INTO webauthn_challenges (challenge, purpose, user_id, webauthn_user_id, name, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(issued.challenge, issued.purpose, issued.userId, issued.webauthnUserId, issued.name, issued.expiresAt)
    .run();
  return issued;
}

function challengeRefused(): AppError {
  return new AppError(400, "This passkey request has expired or was already used. Please try again.", {
    code: "challenge_invalid",
  });
}

/**
 * Takes a challenge out of the store (it can never be used again), checking it was issued for one of
 * `purposes` and has not expired; a 400 `challenge_invalid` otherwise.
 */
export async function consumeChallenge(
  db: D1Database,
  challenge: string,
  purposes: ChallengePurpose[],
  now = Date.now(),
): Promise<IssuedChallenge> {
  const row = await db
    .prepare(
      `DELETE FROM webauthn_challenges WHERE challenge = ?
       RETURNING challenge, purpose, user_id AS userId, webauthn_user_id AS webauthnUserId, name, expires_at AS expiresAt`,
    )
    .bind(challenge)
    .first<IssuedChallenge>();
  if (!row || row.expiresAt <= now || !purposes.includes(row.purpose)) throw challengeRefused();
  return row;
}
