// An owner reads their widget's conversations: newest first, optionally only those whose title or messages match
// a search, each with its visible transcript. Only conversations of that site are ever read.
import type { ConversationSummary, Message } from "../conversations/types.ts";
import { decodeCursor, encodeCursor } from "../db/queries/conversations.ts";
import { branchPath, listMessagesOf } from "../db/queries/messages.ts";
import { ftsQuery } from "../db/queries/search.ts";

/** One widget conversation as its owner sees it. */
export type SiteConversation = ConversationSummary & { visitorId: string; messages: Message[] };

type Row = ConversationSummary & { visitorId: string; currentLeafId: string | null };

const columns = `c.id AS id, c.title AS title, c.user_id AS visitorId, c.current_leaf_id AS currentLeafId,
  c.created_at AS createdAt, c.updated_at AS updatedAt`;

/**
 * A page of the site's conversations (keyset on updated_at, id). With `search`, only conversations whose title or
 * any message matches it (FTS5, the same query syntax as the visitor's own search). Null for a bad cursor.
 */
export async function listSiteConversations(
  db: D1Database,
  siteId: string,
  options: { search?: string; cursor?: string; limit: number },
): Promise<{ data: SiteConversation[]; nextCursor: string | null } | null> {
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  if (options.cursor && !after) return null;
  const match = options.search ? ftsQuery(options.search) : null;
  if (options.search && match === null) return { data: [], nextCursor: null };
  const filters = ["c.site_id = ?1"];
  if (after) filters.push("(c.updated_at < ?2 OR (c.updated_at = ?2 AND c.id < ?3))");
  if (match) {
    filters.push(`(c.rowid IN (SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ?4)
      OR c.id IN (SELECT m.conversation_id FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
                  WHERE messages_fts MATCH ?4))`);
  }
  const { results } = await db
    .prepare(
      `SELECT ${columns} FROM conversations c WHERE ${filters.join(" AND ")}
       ORDER BY c.updated_at DESC, c.id DESC LIMIT ?5`,
    )
    .bind(siteId, after?.updatedAt ?? 0, after?.id ?? "", match ?? "", options.limit + 1)
    .all<Row>();
  const page = results.slice(0, options.limit);
  const messages = await listMessagesOf(
    db,
    page.map((row) => row.id),
  );
  const data = page.map(({ currentLeafId, ...row }) => ({
    ...row,
    messages: branchPath(messages.get(row.id) ?? [], currentLeafId).filter((message) => message.status !== "streaming"),
  }));
  const last = page.at(-1);
  return { data, nextCursor: results.length > options.limit && last ? encodeCursor(last) : null };
}
