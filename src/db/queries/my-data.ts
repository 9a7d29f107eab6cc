import { and, asc, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { attachmentsOfConversation } from "../../attachments/attachment-store.ts";
import { withFileContents } from "../../conversations/export-format.ts";
import type { Message } from "../../conversations/types.ts";
import { accounts, conversations, passkeys, shares, usage, userSettings, users } from "../schema.ts";
import type { Owner } from "./conversations.ts";
import { listMessages } from "./messages.ts";
import { shareUrl } from "./shares.ts";

/** Everything D1 holds about one visitor, as `GET /api/me/export` hands it over. */
export type VisitorData = {
  visitor: { id: string; plan: string; siteId: string | null; createdAt: number } | null;
  /** The chat site's settings (custom instructions), when ever saved. */
  settings: { customInstructions: string; updatedAt: number } | null;
  /** The account, when the visitor signed up: its name and passkeys (ids, names and dates; no key material). */
  account: {
    name: string;
    createdAt: number;
    passkeys: Array<{ id: string; name: string; createdAt: number; lastUsedAt: number | null }>;
  } | null;
  conversations: Array<{
    id: string;
    title: string;
    createdAt: number;
    updatedAt: number;
    currentLeafId: string | null;
    /** The custom instructions it was started with. */
    instructions: string | null;
    /** Every message of every branch, oldest first, attached files in full. */
    messages: Message[];
  }>;
  shares: Array<{
    id: string;
    url: string;
    conversationId: string;
    title: string;
    createdAt: number;
    revokedAt: number | null;
    /** The messages as they were when shared. */
    snapshot: unknown;
  }>;
  usage: Array<Omit<typeof usage.$inferSelect, "apiKeyId" | "userId">>;
};

/** Reads everything about `owner`: the visitor row, conversations with all branches, shares and usage rows. */
export async function readVisitorData(db: D1Database, owner: Owner): Promise<VisitorData> {
  const orm = drizzle(db);
  const ownedBy = and(
    eq(conversations.userId, owner.userId),
    owner.siteId === null ? isNull(conversations.siteId) : eq(conversations.siteId, owner.siteId),
  );
  const [visitorRows, settingsRows, conversationRows, shareRows, usageRows, accountRows, passkeyRows] = await orm.batch(
    [
      orm.select().from(users).where(eq(users.id, owner.userId)),
      orm.select().from(userSettings).where(eq(userSettings.userId, owner.userId)),
      orm.select().from(conversations).where(ownedBy).orderBy(asc(conversations.createdAt)),
      orm.select().from(shares).where(eq(shares.userId, owner.userId)).orderBy(asc(shares.createdAt)),
      orm.select().from(usage).where(eq(usage.userId, owner.userId)).orderBy(asc(usage.createdAt)),
      orm.select().from(accounts).where(eq(accounts.userId, owner.userId)),
      orm
        .select({
          id: passkeys.id,
          name: passkeys.name,
          createdAt: passkeys.createdAt,
          lastUsedAt: passkeys.lastUsedAt,
        })
        .from(passkeys)
        .where(eq(passkeys.userId, owner.userId))
        .orderBy(asc(passkeys.createdAt)),
    ],
  );
  const account = accountRows[0];
  const withMessages = await Promise.all(
    conversationRows.map(async (row) => ({
      id: row.id,
      title: row.title,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      currentLeafId: row.currentLeafId,
      instructions: row.instructions,
      messages: withFileContents(await listMessages(db, row.id), await attachmentsOfConversation(db, row.id)),
    })),
  );
  const visitor = visitorRows[0];
  const saved = settingsRows[0];
  return {
    visitor: visitor
      ? { id: visitor.id, plan: visitor.plan, siteId: visitor.siteId, createdAt: visitor.createdAt }
      : null,
    settings: saved ? { customInstructions: saved.customInstructions, updatedAt: saved.updatedAt } : null,
    account: account ? { name: account.name, createdAt: account.createdAt, passkeys: passkeyRows } : null,
    conversations: withMessages,
    shares: shareRows.map((row) => ({
      id: row.id,
      url: shareUrl(row.id),
      conversationId: row.conversationId,
      title: row.title,
      createdAt: row.createdAt,
      revokedAt: row.revokedAt,
      snapshot: parseSnapshot(row.snapshot),
    })),
    usage: usageRows.map(({ apiKeyId: _key, userId: _user, ...row }) => row),
  };
}

function parseSnapshot(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Ids of every conversation the visitor has (any site), for erasing them one by one. */
export async function conversationIdsOf(db: D1Database, userId: string): Promise<string[]> {
  const rows = await drizzle(db)
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.userId, userId))
    .all();
  return rows.map((row) => row.id);
}

/**
 * Erases the visitor's rows: the visitor row, and with it (foreign keys cascade) any conversation, message, share
 * and search entry still left; usage rows stay for billing with the visitor id removed. One batch, one transaction.
 */
export async function eraseVisitorRows(db: D1Database, userId: string): Promise<void> {
  const orm = drizzle(db);
  await orm.batch([
    orm.update(usage).set({ userId: null }).where(eq(usage.userId, userId)),
    orm.delete(shares).where(eq(shares.userId, userId)),
    orm.delete(users).where(eq(users.id, userId)),
  ]);
}
