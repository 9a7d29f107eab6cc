import type { InternalMessage } from "../internal-request.ts";
import { responseIdOfItem } from "./ids.ts";
import { itemsToMessages, type ResolvedItem } from "./input-items.ts";
import type { NativeResponse } from "./native-response.ts";
import type { ResponseObject } from "./response-object.ts";

/** How long a stored response can be retrieved or continued (at least: expiries are rounded up to a whole day). */
export const retentionMs = 30 * 24 * 60 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

/** A Response as stored: one this gateway rendered, or one DeepSeek gave natively (its own shape and item ids). */
export type StorableResponse = ResponseObject | (NativeResponse & { store: boolean });

/**
 * One stored response and its place in a conversation. Only what it adds is stored (its input, and its output in
 * the Response itself), linked to the response it continues: an agent's long chain of `previous_response_id`s grows
 * by one turn per request, not by its whole history each time, which would outgrow D1's 2 MB row limit
 * (https://developers.cloudflare.com/d1/platform/limits/) and store a long session's history once per turn.
 */
export type StoredTurn = {
  response: StorableResponse;
  /** The response this one continues (`previous_response_id`), or null. */
  previousId: string | null;
  /** This request's own input (items resolved) as messages: what it adds to that conversation before its output. */
  input: InternalMessage[];
};

/**
 * The `conversation` column: `{input}` (this response's input; its output is read from the Response), or, in rows
 * stored before responses were linked, the whole conversation up to and including the response as one array.
 */
type StoredConversation = { input: InternalMessage[] } | InternalMessage[];

/** A conversation up to a stored response, or why it cannot be continued. */
export type LoadedConversation =
  | { found: true; messages: InternalMessage[] }
  | { found: false; reason: "missing" | "broken" };

/** A response's expiry, rounded up to the next whole day so that continuing a chain rewrites it at most daily. */
function expiryOf(now: number): number {
  return Math.ceil((now + retentionMs) / dayMs) * dayMs;
}

/**
 * Extends the expiry of `?1` and of the responses before it to `?2` where it is earlier: a response never expires
 * before one that continues it, so the walk stops at the first one already kept long enough.
 */
const EXTEND_CHAIN = `WITH RECURSIVE chain(id) AS (
  SELECT ?1
  UNION
  SELECT r.previous_id FROM stored_responses r JOIN chain ON r.id = chain.id
  WHERE r.previous_id IS NOT NULL AND r.expires_at < ?2
)
UPDATE stored_responses SET expires_at = ?2 WHERE api_key_id = ?3 AND expires_at < ?2 AND id IN (SELECT id FROM chain)`;

/**
 * Stores a response for its key, and keeps the responses it continues at least as long (one conversation expires
 * as a whole). Output items whose ids do not name the response (DeepSeek's own, on a natively served answer) are
 * indexed for item_reference; an index row lives as long as its response. Expired rows are not read (see below)
 * and are deleted by the daily upkeep (src/upkeep/expired-rows.ts): this write sits before a streamed response's
 * close.
 */
export async function saveResponse(
  db: D1Database,
  apiKeyId: string,
  stored: StoredTurn,
  now = Date.now(),
): Promise<void> {
  const { response, previousId, input } = stored;
  const expiresAt = expiryOf(now);
  const foreign = response.output.filter((item) => responseIdOfItem(item.id) !== response.id);
  const extend = previousId ? [db.prepare(EXTEND_CHAIN).bind(previousId, expiresAt, apiKeyId)] : [];
  await db.batch([
    ...extend,
    ...foreign.map((item) =>
      db
        .prepare("INSERT OR REPLACE INTO stored_response_items (api_key_id, item_id, response_id) VALUES (?1, ?2, ?3)")
        .bind(apiKeyId, item.id, response.id),
    ),
    db
      .prepare(
        `INSERT OR REPLACE INTO stored_responses
           (id, api_key_id, model, previous_id, conversation, response, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
      )
      .bind(
        response.id,
        apiKeyId,
        response.model,
        previousId,
        JSON.stringify({ input } satisfies StoredConversation),
        JSON.stringify(response),
        now,
        expiresAt,
      ),
  ]);
}

/** A key's own unexpired response, or null (another key's response is as absent as a missing one). */
export async function loadResponse(
  db: D1Database,
  apiKeyId: string,
  id: string,
  now = Date.now(),
): Promise<StorableResponse | null> {
  const row = await db
    .prepare("SELECT response FROM stored_responses WHERE id = ?1 AND api_key_id = ?2 AND expires_at >= ?3")
    .bind(id, apiKeyId, now)
    .first<{ response: string }>();
  return row ? (JSON.parse(row.response) as StorableResponse) : null;
}

/**
 * The whole conversation up to and including a key's stored response, in order, read in one query along its
 * `previous_id` links. "broken" when a response it continues was deleted: continuing it would drop part of the
 * history without saying so.
 */
export async function loadConversation(
  db: D1Database,
  apiKeyId: string,
  id: string,
  now = Date.now(),
): Promise<LoadedConversation> {
  const { results } = await db
    .prepare(
      `WITH RECURSIVE chain(id, previous_id, conversation, response, depth) AS (
         SELECT id, previous_id, conversation, response, 0 FROM stored_responses
         WHERE id = ?1 AND api_key_id = ?2 AND expires_at >= ?3
         UNION ALL
         SELECT r.id, r.previous_id, r.conversation, r.response, chain.depth + 1 FROM stored_responses r
         JOIN chain ON r.id = chain.previous_id
         WHERE r.api_key_id = ?2 AND r.expires_at >= ?3 AND chain.depth < 100000
       )
       SELECT previous_id, conversation, response FROM chain ORDER BY depth DESC`,
    )
    .bind(id, apiKeyId, now)
    .all<{ previous_id: string | null; conversation: string; response: string }>();
  if (results.length === 0) return { found: false, reason: "missing" };
  if (results[0]?.previous_id != null) return { found: false, reason: "broken" };
  return { found: true, messages: results.flatMap(turnOf) };
}

/** The messages one stored response adds to its conversation: its input, then its output. */
function turnOf(row: { conversation: string; response: string }): InternalMessage[] {
  const stored = JSON.parse(row.conversation) as StoredConversation;
  if (Array.isArray(stored)) return stored;
  const { output } = JSON.parse(row.response) as StorableResponse;
  return [...stored.input, ...itemsToMessages(output as ResolvedItem[])];
}

/** Deletes a key's own response (and its indexed items); false when there was none. */
export async function deleteResponse(db: D1Database, apiKeyId: string, id: string): Promise<boolean> {
  const [result] = await db.batch([
    db.prepare("DELETE FROM stored_responses WHERE id = ?1 AND api_key_id = ?2").bind(id, apiKeyId),
    db.prepare("DELETE FROM stored_response_items WHERE response_id = ?1 AND api_key_id = ?2").bind(id, apiKeyId),
  ]);
  return (result?.meta.changes ?? 0) > 0;
}

/** The stored response an item belongs to: named in its id (items this gateway made), else from the index. */
export async function responseIdOf(db: D1Database, apiKeyId: string, itemId: string): Promise<string | null> {
  const named = responseIdOfItem(itemId);
  if (named) return named;
  const row = await db
    .prepare("SELECT response_id FROM stored_response_items WHERE api_key_id = ?1 AND item_id = ?2")
    .bind(apiKeyId, itemId)
    .first<{ response_id: string }>();
  return row?.response_id ?? null;
}
