/** One search hit: a conversation title, or a message inside a conversation. */
export type SearchResult = { conversationId: string; title: string; messageId: string | null; snippet: string };

// Control characters and lone surrogates are never part of a word. They must go before quoting: SQLite reads the
// query as a C string, so a NUL inside a quoted phrase ends the query there ("unterminated string").
const notText = /[\p{Cc}\p{Cs}]/gu;

/**
 * Words as FTS5 phrases that cannot be a syntax error: control characters become spaces, every word is quoted with
 * its quotes doubled (so operators, `*`, `^`, `:`, parentheses and column filters are plain text); at most `max`.
 */
export function ftsTerms(words: string[], max: number): string[] {
  return words
    .flatMap((word) => word.replace(notText, " ").split(" "))
    .map((term) => term.trim())
    .filter((term) => term !== "")
    .slice(0, max)
    .map((term) => `"${term.replaceAll('"', '""')}"`);
}

/**
 * Turns free text into an FTS5 query that cannot be a syntax error: control characters become spaces, every word
 * is a quoted phrase (quotes doubled, so operators, `*`, `^`, `:`, parentheses and column filters are plain text),
 * all must match, and the last one matches as a prefix (search as you type).
 */
export function ftsQuery(text: string): string | null {
  const terms = ftsTerms(text.split(/\s+/), 12);
  if (terms.length === 0) return null;
  terms[terms.length - 1] = `${terms[terms.length - 1]}*`;
  return terms.join(" ");
}

/**
 * Searches a visitor's own titles and messages (external-content FTS5 tables joined back by rowid and
 * filtered by owner), titles first.
 */
export async function searchOwn(
  db: D1Database,
  owner: { userId: string; siteId: string | null },
  text: string,
  limit: number,
): Promise<SearchResult[]> {
  const query = ftsQuery(text);
  if (query === null) return [];
  const [titles, messages] = await db.batch<{
    conversation_id: string;
    title: string;
    message_id: string | null;
    snippet: string;
  }>([
    db
      .prepare(
        `SELECT c.id AS conversation_id, c.title AS title, NULL AS message_id, c.title AS snippet
         FROM conversations_fts JOIN conversations c ON c.rowid = conversations_fts.rowid
         WHERE conversations_fts MATCH ?1 AND c.user_id = ?2 AND c.site_id IS ?3
         ORDER BY rank LIMIT ?4`,
      )
      .bind(query, owner.userId, owner.siteId, limit),
    db
      .prepare(
        `SELECT m.conversation_id AS conversation_id, c.title AS title, m.id AS message_id,
           snippet(messages_fts, 0, '', '', '…', 16) AS snippet
         FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
           JOIN conversations c ON c.id = m.conversation_id
         WHERE messages_fts MATCH ?1 AND c.user_id = ?2 AND c.site_id IS ?3
         ORDER BY rank LIMIT ?4`,
      )
      .bind(query, owner.userId, owner.siteId, limit),
  ]);
  const rows = [...(titles?.results ?? []), ...(messages?.results ?? [])].slice(0, limit);
  return rows.map((row) => ({
    conversationId: row.conversation_id,
    title: row.title,
    messageId: row.message_id,
    snippet: row.snippet,
  }));
}
