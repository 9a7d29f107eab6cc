// Passkey accounts: the account, its passkeys, sessions and pending WebAuthn challenges.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, ownedBy } from "./columns.ts";
import { users } from "./core.ts";

/**
 * A signed-in person (docs/accounts.md): a chat-site `users` row (plan, conversations and usage stay keyed by
 * its id) with a name and the WebAuthn user handle its passkeys carry.
 */
export const accounts = sqliteTable(
  "accounts",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The WebAuthn user handle (base64url of 32 random bytes): what a discoverable passkey names its owner by. */
    webauthnUserId: text("webauthn_user_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("accounts_webauthn_user_idx").on(t.webauthnUserId)],
);

/** A passkey of an account: the credential id and COSE public key (base64url), never anything secret. */
export const passkeys = sqliteTable(
  "passkeys",
  {
    id: text("id").primaryKey(),
    userId: ownedBy("user_id", () => users.id),
    publicKey: text("public_key").notNull(),
    /** COSE algorithm: -7 ES256, -8 EdDSA, -257 RS256. */
    algorithm: integer("algorithm").notNull(),
    signCount: integer("sign_count").notNull().default(0),
    /** JSON array of the transports the browser reported (usb, internal, hybrid...), or null. */
    transports: text("transports"),
    backedUp: integer("backed_up", { mode: "boolean" }).notNull().default(false),
    name: text("name").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [index("passkeys_user_idx").on(t.userId)],
);

/** A signed-in session; `id` is the SHA-256 of the id inside the `ec_session` cookie. */
export const accountSessions = sqliteTable(
  "account_sessions",
  {
    id: text("id").primaryKey(),
    userId: ownedBy("user_id", () => users.id),
    /** When the passkey was used; rotations carry it over, so a session cannot outlive its absolute limit. */
    signedInAt: integer("signed_in_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("account_sessions_user_idx").on(t.userId), index("account_sessions_expires_idx").on(t.expiresAt)],
);

/** A WebAuthn challenge handed out and not yet used: single use (deleted when answered), short-lived. */
export const webauthnChallenges = sqliteTable(
  "webauthn_challenges",
  {
    challenge: text("challenge").primaryKey(),
    purpose: text("purpose", { enum: ["sign-up", "add-passkey", "sign-in"] }).notNull(),
    /** The account adding a passkey (add-passkey only). */
    userId: text("user_id"),
    /** The user handle offered to the authenticator (sign-up). */
    webauthnUserId: text("webauthn_user_id"),
    /** The account name asked for at sign-up, or the passkey's name. */
    name: text("name"),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("webauthn_challenges_expires_idx").on(t.expiresAt)],
);
