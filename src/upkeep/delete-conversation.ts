import { sessionOf } from "../chat/session-client.ts";
import { deleteConversationRows } from "../db/queries/conversations.ts";

/**
 * Deletes one conversation everywhere: its Durable Object first (it stops a live turn, so nothing writes rows
 * back after they are gone, and wipes its storage), then its D1 rows (messages, shares, search index).
 */
export async function deleteConversation(env: Env, conversationId: string): Promise<void> {
  await sessionOf(env, conversationId).deleteAll();
  await deleteConversationRows(env.DB, conversationId);
}
