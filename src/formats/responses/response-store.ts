import type { InternalMessage } from "../internal-request.ts";
import { responseIdOfItem } from "./ids.ts";
import type { NativeResponse } from "./native-response.ts";
import type { ResponseObject } from "./response-object.ts";

/** How long a stored response can be retrieved or continued. */
export const retentionMs = 30 * 24 * 60 * 60 * 1000;

/** A Response as stored: one this gateway rendered, or one DeepSeek gave natively (its own shape and item ids). */
export type StorableResponse = ResponseObject | (NativeResponse & { store: boolean });

/** A stored response: the Response object and the conversation it ends (for `previous_response_id`). */
export type StoredResponse = { response: StorableResponse; conversation: InternalMessage[] };

/**
 * Stores a response for its key. Output items whose ids do not name the response (DeepSeek's own, on a natively
 * served answer) are indexed for item_reference. Expired rows are not read (see loadResponse) and are deleted by the
 * daily upkeep (src/upkeep/expired-rows.ts), not here: this write sits before a streamed response's close.
 */
export async function saveResponse(
  db: D1Database,
  apiKeyId: string,
  stored: StoredResponse,
  now = Date.now(),
): Promise<void> {
  const responseId = stored.response.id;
  const foreign = stored.response.output.filter((item) => responseIdOfItem(item.id) !== responseId);
  await db.batch([
    ...foreign.map((item) =>
      db
        .prepare(
          `INSERT OR REPLACE INTO stored_response_items (api_key_id, item_id, response_id, expires_at)
           VALUES (?1, ?2, ?3, ?4)`,
        )
        .bind(apiKeyId, item.id, responseId, now + retentionMs),
    ),
    db
      .prepare(
        `INSERT OR REPLACE INTO stored_responses (id, api_key_id, model, conversation, response, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
      )
      .bind(
        stored.response.id,
        apiKeyId,
        stored.response.model,
        JSON.stringify(stored.conversation),
        JSON.stringify(stored.response),
        now,
        now + retentionMs,
      ),
  ]);
}

/** A key's own unexpired response, or null (another key's response is as absent as a missing one). */
export async function loadResponse(
  db: D1Database,
  apiKeyId: string,
  id: string,
  now = Date.now(),
): Promise<StoredResponse | null> {
  const row = await db
    .prepare(
      "SELECT conversation, response FROM stored_responses WHERE id = ?1 AND api_key_id = ?2 AND expires_at >= ?3",
    )
    .bind(id, apiKeyId, now)
    .first<{ conversation: string; response: string }>();
  if (!row) return null;
  return {
    response: JSON.parse(row.response) as StorableResponse,
    conversation: JSON.parse(row.conversation) as InternalMessage[],
  };
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
