import type { InternalMessage } from "../internal-request.ts";
import type { ResponseObject } from "./response-object.ts";

/** How long a stored response can be retrieved or continued. */
export const retentionMs = 30 * 24 * 60 * 60 * 1000;

/** A stored response: the Response object and the conversation it ends (for `previous_response_id`). */
export type StoredResponse = { response: ResponseObject; conversation: InternalMessage[] };

/** Stores a response for its key, and sweeps a few expired ones (retention without a scheduled job). */
export async function saveResponse(
  db: D1Database,
  apiKeyId: string,
  stored: StoredResponse,
  now = Date.now(),
): Promise<void> {
  await db.batch([
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
    db
      .prepare(
        "DELETE FROM stored_responses WHERE id IN (SELECT id FROM stored_responses WHERE expires_at < ?1 LIMIT 20)",
      )
      .bind(now),
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
    response: JSON.parse(row.response) as ResponseObject,
    conversation: JSON.parse(row.conversation) as InternalMessage[],
  };
}

/** Deletes a key's own response; false when there was none. */
export async function deleteResponse(db: D1Database, apiKeyId: string, id: string): Promise<boolean> {
  const result = await db
    .prepare("DELETE FROM stored_responses WHERE id = ?1 AND api_key_id = ?2")
    .bind(id, apiKeyId)
    .run();
  return (result.meta.changes ?? 0) > 0;
}
