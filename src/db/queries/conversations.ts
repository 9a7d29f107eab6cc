import { and, desc, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { ConversationSummary } from "../../conversations/types.ts";
import { conversations, userSettings } from "../schema.ts";

/** Whose conversation it is: the user, and for widget visitors the site. */
export type Owner = { userId: string; siteId: string | null };

export type ConversationRow = ConversationSummary & {
  currentLeafId: string | null;
  /** The custom instructions the conversation was started with, or null. */
  instructions: string | null;
};

const summaryColumns = {
  id: conversations.id,
  title: conversations.title,
  createdAt: conversations.createdAt,
  updatedAt: conversations.updatedAt,
};

function ownedBy(owner: Owner): SQL | undefined {
  return and(
    eq(conversations.userId, owner.userId),
    owner.siteId === null ? isNull(conversations.siteId) : eq(conversations.siteId, owner.siteId),
  );
}

/** The select of a conversation row filtered by owner (batchable). */
export function ownedConversationQuery(db: D1Database, owner: Owner, id: string) {
  return drizzle(db)
    .select({ ...summaryColumns, currentLeafId: conversations.currentLeafId, instructions: conversations.instructions })
    .from(conversations)
    .where(and(eq(conversations.id, id), ownedBy(owner)))
    .limit(1);
}

/** The conversation if `owner` owns it, else null (callers answer 404 either way). */
export async function findOwnedConversation(db: D1Database, owner: Owner, id: string): Promise<ConversationRow | null> {
  const row = await ownedConversationQuery(db, owner, id).get();
  return row ?? null;
}

/**
 * Creates an empty conversation. With `customInstructions`, it starts with a copy of the owner's custom
 * instructions (read in the same statement: no extra round trip), so later edits only reach new conversations.
 */
export async function insertConversation(
  db: D1Database,
  owner: Owner,
  id: string,
  title: string,
  options: { customInstructions?: boolean } = {},
): Promise<ConversationRow> {
  const now = Date.now();
  const instructions = options.customInstructions
    ? sql`(SELECT NULLIF(${userSettings.customInstructions}, '') FROM ${userSettings} WHERE ${userSettings.userId} = ${owner.userId})`
    : null;
  const [row] = await drizzle(db)
    .insert(conversations)
    .values({ id, userId: owner.userId, siteId: owner.siteId, title, instructions, createdAt: now, updatedAt: now })
    .returning({ instructions: conversations.instructions });
  return { id, title, createdAt: now, updatedAt: now, currentLeafId: null, instructions: row?.instructions ?? null };
}

/** A page cursor: the (updatedAt, id) of the last row, opaque to clients. */
export function encodeCursor(row: ConversationSummary): string {
  return btoa(`${row.updatedAt}:${row.id}`).replace(/=+$/, "");
}

/** The (updatedAt, id) a cursor from `encodeCursor` names, or null when it is not one. */
export function decodeCursor(cursor: string): { updatedAt: number; id: string } | null {
  try {
    const text = atob(cursor);
    const colon = text.indexOf(":");
    const updatedAt = Number(text.slice(0, colon));
    if (colon <= 0 || !Number.isSafeInteger(updatedAt)) return null;
    return { updatedAt, id: text.slice(colon + 1) };
  } catch {
    return null;
  }
}

/** Newest first, keyset-paginated on (updated_at, id) so it walks the covering index. */
export async function listConversations(
  db: D1Database,
  owner: Owner,
  cursor: string | undefined,
  limit: number,
): Promise<{ conversations: ConversationSummary[]; nextCursor: string | null } | null> {
  let after: SQL | undefined;
  if (cursor) {
    const decoded = decodeCursor(cursor);
    if (!decoded) return null;
    after = or(
      lt(conversations.updatedAt, decoded.updatedAt),
      and(eq(conversations.updatedAt, decoded.updatedAt), lt(conversations.id, decoded.id)),
    );
  }
  const rows = await drizzle(db)
    .select(summaryColumns)
    .from(conversations)
    .where(and(ownedBy(owner), after))
    .orderBy(desc(conversations.updatedAt), desc(conversations.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { conversations: page, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Renames and/or switches branch; returns the updated summary. */
export async function updateConversation(
  db: D1Database,
  id: string,
  changes: { title?: string; currentLeafId?: string },
): Promise<void> {
  await drizzle(db)
    .update(conversations)
    .set({ ...changes, updatedAt: Date.now() })
    .where(eq(conversations.id, id));
}

/** Deletes the conversation; its messages, shares and search entries go with it (foreign keys cascade). */
export async function deleteConversationRows(db: D1Database, id: string): Promise<void> {
  await drizzle(db).delete(conversations).where(eq(conversations.id, id));
}

/** The title new conversations get until the first exchange is titled. */
export const defaultTitle = "New chat";

/** True while the conversation exists and still has the default title (nobody renamed it). */
export async function hasDefaultTitle(db: D1Database, id: string): Promise<boolean> {
  const row = await drizzle(db)
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.title, defaultTitle)))
    .get();
  return row !== undefined;
}

/** Sets a generated title unless the visitor renamed the conversation meanwhile; true when applied. */
export async function applyGeneratedTitle(db: D1Database, id: string, title: string): Promise<boolean> {
  const updated = await drizzle(db)
    .update(conversations)
    .set({ title })
    .where(and(eq(conversations.id, id), eq(conversations.title, defaultTitle)))
    .returning({ id: conversations.id });
  return updated.length > 0;
}
