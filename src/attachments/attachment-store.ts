import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { attachments } from "../db/schema.ts";

/** One stored file with its content. */
export type StoredAttachment = {
  id: string;
  conversationId: string;
  messageId: string;
  name: string;
  mediaType: string;
  size: number;
  content: string;
  /** An image's key in the UPLOADS bucket; null for a text file. */
  r2Key: string | null;
};

const columns = {
  id: attachments.id,
  conversationId: attachments.conversationId,
  messageId: attachments.messageId,
  name: attachments.name,
  mediaType: attachments.mediaType,
  size: attachments.size,
  content: attachments.content,
  r2Key: attachments.r2Key,
};

/**
 * One file of a conversation, or null. Callers check first that the visitor owns the conversation: the file is
 * only found through it, so an id from someone else's conversation is the same miss as an unknown one.
 */
export async function findAttachment(
  db: D1Database,
  conversationId: string,
  id: string,
): Promise<StoredAttachment | null> {
  const row = await drizzle(db)
    .select(columns)
    .from(attachments)
    .where(and(eq(attachments.id, id), eq(attachments.conversationId, conversationId)))
    .get();
  return row ?? null;
}

/** The files of some messages of a conversation, in the order they were attached. */
export async function attachmentsOfMessages(
  db: D1Database,
  conversationId: string,
  messageIds: string[],
): Promise<StoredAttachment[]> {
  if (messageIds.length === 0) return [];
  return drizzle(db)
    .select(columns)
    .from(attachments)
    .where(and(eq(attachments.conversationId, conversationId), inArray(attachments.messageId, messageIds)))
    .orderBy(asc(attachments.createdAt), asc(sql`rowid`))
    .all();
}

/** Every file of a conversation (for exports), in the order they were attached. */
export async function attachmentsOfConversation(db: D1Database, conversationId: string): Promise<StoredAttachment[]> {
  return drizzle(db)
    .select(columns)
    .from(attachments)
    .where(eq(attachments.conversationId, conversationId))
    .orderBy(asc(attachments.createdAt), asc(sql`rowid`))
    .all();
}
