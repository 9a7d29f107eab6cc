import { and, asc, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as z from "zod";
import type { AttachmentUpload, Message, Source } from "../../conversations/types.ts";
import { attachments, conversations, messages } from "../schema.ts";
import type { ConversationRow, Owner } from "./conversations.ts";

type Row = typeof messages.$inferSelect;

const storedError = z.object({ code: z.string(), message: z.string() });
const storedAttachments = z.array(
  z.object({ id: z.string(), name: z.string(), mediaType: z.string(), size: z.number() }),
);

function parseAttachments(text: string | null): Message["attachments"] {
  if (!text) return undefined;
  try {
    const parsed = storedAttachments.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.length > 0 ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const storedSources = z.array(z.object({ ref: z.number(), title: z.string(), url: z.string() }));

function parseSources(text: string | null | undefined): Source[] {
  if (!text) return [];
  try {
    const parsed = storedSources.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function parseError(text: string | null): Message["error"] {
  if (!text) return null;
  try {
    const parsed = storedError.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: fall through to a generic error with the text.
  }
  return { code: "error", message: text };
}

/** Maps a D1 row to the site API's Message. */
export function toMessage(row: Row): Message {
  const hasUsage = row.promptTokens !== null || row.completionTokens !== null;
  const attachments = parseAttachments(row.attachments);
  return {
    id: row.id,
    parentId: row.parentId,
    role: row.role === "user" ? "user" : "assistant",
    content: row.content,
    reasoning: row.reasoning,
    status: row.status,
    model: row.model,
    provider: row.provider,
    servedModel: row.servedModel,
    servedAs: row.servedAs ?? null,
    region: row.region,
    simulated: Boolean(row.simulated),
    usage: hasUsage
      ? {
          promptTokens: row.promptTokens ?? 0,
          completionTokens: row.completionTokens ?? 0,
          reasoningTokens: row.reasoningTokens ?? 0,
          cacheHitTokens: row.cacheHitTokens ?? 0,
          cacheMissTokens: row.cacheMissTokens ?? 0,
        }
      : null,
    reasoningMs: row.reasoningMs,
    error: parseError(row.error),
    sources: parseSources(row.sources),
    createdAt: row.createdAt,
    ...(attachments ? { attachments } : {}),
  };
}

function messagesOf(db: D1Database, conversationId: string) {
  return drizzle(db)
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.createdAt), asc(sql`rowid`));
}

/** Every message of a conversation (all branches), oldest first. */
export async function listMessages(db: D1Database, conversationId: string): Promise<Message[]> {
  return (await messagesOf(db, conversationId).all()).map(toMessage);
}

// Hand-written SQL for the hottest read (opening a conversation): columns aliased to the drizzle row shape so
// toMessage maps them, without the ORM's per-row overhead on a thousand messages.
const messageColumns = `id, conversation_id AS conversationId, parent_id AS parentId, role, content, reasoning, status,
  model, provider, served_model AS servedModel, served_as AS servedAs, region, simulated, prompt_tokens AS promptTokens,
  completion_tokens AS completionTokens, reasoning_tokens AS reasoningTokens, cache_hit_tokens AS cacheHitTokens,
  cache_miss_tokens AS cacheMissTokens, reasoning_ms AS reasoningMs, error, attachments, sources,
  created_at AS createdAt,
  finished_at AS finishedAt`;

/**
 * Opening a conversation in one D1 round trip: the owner-filtered conversation row and all its messages
 * (the messages are only returned when the row matched, so nothing leaks to a non-owner).
 */
export async function loadOwnedConversation(
  db: D1Database,
  owner: Owner,
  conversationId: string,
): Promise<{ conversation: ConversationRow; messages: Message[] } | null> {
  const [found, rows] = await db.batch<ConversationRow | Row>([
    db
      .prepare(
        `SELECT id, title, created_at AS createdAt, updated_at AS updatedAt, current_leaf_id AS currentLeafId,
         instructions FROM conversations WHERE id = ?1 AND user_id = ?2 AND site_id IS ?3`,
      )
      .bind(conversationId, owner.userId, owner.siteId),
    db
      .prepare(`SELECT ${messageColumns} FROM messages WHERE conversation_id = ?1 ORDER BY created_at, rowid`)
      .bind(conversationId),
  ]);
  const conversation = found?.results[0];
  if (!conversation || !("title" in conversation)) return null;
  const messages: Message[] = [];
  for (const row of rows?.results ?? []) if ("role" in row) messages.push(toMessage(row));
  return { conversation, messages };
}

/** One message of a conversation, or null. */
export async function findMessage(db: D1Database, conversationId: string, id: string): Promise<Message | null> {
  const row = await drizzle(db)
    .select()
    .from(messages)
    .where(and(eq(messages.id, id), eq(messages.conversationId, conversationId)))
    .get();
  return row ? toMessage(row) : null;
}

/** The path from the root to `leafId` (inclusive), following parent ids. */
export function branchPath(all: Message[], leafId: string | null): Message[] {
  const byId = new Map(all.map((message) => [message.id, message]));
  const path: Message[] = [];
  let cursor = leafId ? byId.get(leafId) : undefined;
  while (cursor && path.length <= all.length) {
    path.push(cursor);
    cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined;
  }
  return path.reverse();
}

/**
 * Stores a new turn's rows before inference starts: the user message (unless regenerating) with its attached
 * files, and the assistant placeholder with status `streaming`, which doubles as the "a turn is live" flag for reads.
 */
export async function insertTurnRows(
  db: D1Database,
  conversationId: string,
  userMessage: Message | null,
  assistant: { id: string; parentId: string; model: string; createdAt: number },
  files: AttachmentUpload[] = [],
): Promise<void> {
  const orm = drizzle(db);
  const assistantInsert = orm.insert(messages).values({
    id: assistant.id,
    conversationId,
    parentId: assistant.parentId,
    role: "assistant",
    content: "",
    status: "streaming",
    model: assistant.model,
    createdAt: assistant.createdAt,
  });
  const touch = orm
    .update(conversations)
    .set({ updatedAt: assistant.createdAt, currentLeafId: assistant.id })
    .where(eq(conversations.id, conversationId));
  if (!userMessage) {
    await orm.batch([assistantInsert, touch]);
    return;
  }
  const userInsert = orm.insert(messages).values({
    id: userMessage.id,
    conversationId,
    parentId: userMessage.parentId,
    role: "user",
    content: userMessage.content,
    status: "complete",
    model: userMessage.model,
    attachments: userMessage.attachments ? JSON.stringify(userMessage.attachments) : null,
    createdAt: userMessage.createdAt,
  });
  // One row per file, in the same transaction: a file is at most 512 KiB and a D1 row may hold 2,000,000 bytes
  // (https://developers.cloudflare.com/d1/platform/limits/); the content is a bound value, not part of the SQL text.
  const fileInserts = files.map((file) =>
    orm.insert(attachments).values({
      id: file.id,
      conversationId,
      messageId: userMessage.id,
      name: file.name,
      mediaType: file.mediaType,
      size: file.size,
      content: file.content,
      r2Key: file.r2Key ?? null,
      createdAt: userMessage.createdAt,
    }),
  );
  await orm.batch([userInsert, ...fileInserts, assistantInsert, touch]);
}

/** Writes the finished (complete, stopped or failed) assistant message over its placeholder. */
export async function storeFinishedMessage(db: D1Database, conversationId: string, message: Message): Promise<void> {
  const orm = drizzle(db);
  const now = Date.now();
  await orm.batch([
    orm
      .update(messages)
      .set({
        content: message.content,
        reasoning: message.reasoning,
        status: message.status,
        provider: message.provider,
        servedModel: message.servedModel,
        servedAs: message.servedAs,
        region: message.region,
        simulated: message.simulated,
        promptTokens: message.usage?.promptTokens ?? null,
        completionTokens: message.usage?.completionTokens ?? null,
        reasoningTokens: message.usage?.reasoningTokens ?? null,
        cacheHitTokens: message.usage?.cacheHitTokens ?? null,
        cacheMissTokens: message.usage?.cacheMissTokens ?? null,
        reasoningMs: message.reasoningMs,
        error: message.error ? JSON.stringify(message.error) : null,
        sources: message.sources && message.sources.length > 0 ? JSON.stringify(message.sources) : null,
        finishedAt: now,
      })
      .where(and(eq(messages.id, message.id), eq(messages.conversationId, conversationId))),
    orm.update(conversations).set({ updatedAt: now }).where(eq(conversations.id, conversationId)),
  ]);
}

/** Marks an answer whose turn was lost (object evicted mid-answer) as failed, if it is still a placeholder. */
export async function markInterrupted(db: D1Database, conversationId: string, id: string): Promise<void> {
  await drizzle(db)
    .update(messages)
    .set({
      status: "error",
      error: JSON.stringify({ code: "interrupted", message: "The answer was interrupted." }),
      finishedAt: Date.now(),
    })
    .where(and(eq(messages.id, id), eq(messages.conversationId, conversationId), eq(messages.status, "streaming")));
}

/** The messages of several conversations in one query, grouped by conversation id (oldest first). */
export async function listMessagesOf(db: D1Database, conversationIds: string[]): Promise<Map<string, Message[]>> {
  const grouped = new Map<string, Message[]>();
  if (conversationIds.length === 0) return grouped;
  const placeholders = conversationIds.map((_, index) => `?${index + 1}`).join(", ");
  const { results } = await db
    .prepare(
      `SELECT ${messageColumns} FROM messages WHERE conversation_id IN (${placeholders}) ORDER BY created_at, rowid`,
    )
    .bind(...conversationIds)
    .all<Row>();
  for (const row of results) {
    const list = grouped.get(row.conversationId) ?? [];
    list.push(toMessage(row));
    grouped.set(row.conversationId, list);
  }
  return grouped;
}
