import { sessionOf } from "../conversations/session-client.ts";

/**
 * Deletes one conversation everywhere through its Durable Object: it stops a live turn (metering it), deletes the
 * D1 rows (messages, shares, search index, by cascade) and wipes its own storage, serialised with any send.
 */
export async function deleteConversation(env: Env, conversationId: string): Promise<void> {
  await sessionOf(env, conversationId).deleteAll(conversationId);
}
