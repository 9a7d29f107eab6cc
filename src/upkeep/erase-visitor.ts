import { conversationIdsOf, eraseVisitorRows } from "../db/queries/my-data.ts";
import { forgetVisitor } from "../identity/index.ts";
import { deleteConversation } from "./delete-conversation.ts";

/** What an erase removed. */
export type EraseResult = { conversations: number; usageAnonymised: number };

// Conversations erased at once: each is a call to its Durable Object, which ends a live turn and wipes itself.
const eraseConcurrency = 8;

/**
 * Erases a visitor (the visitor's own `DELETE /api/me` and the operator's `DELETE /admin/api/users/:id`): each
 * conversation through its Durable Object (a live turn ends and is metered, the rows and the object's storage go),
 * then the visitor row with whatever is left (cascade) while usage rows are kept for billing, anonymised.
 * Null when no such visitor exists.
 */
export async function eraseVisitor(env: Env, userId: string): Promise<EraseResult | null> {
  const user = await env.DB.prepare(`SELECT id FROM users WHERE id = ?`).bind(userId).first<{ id: string }>();
  if (!user) return null;
  const ids = await conversationIdsOf(env.DB, userId);
  for (let start = 0; start < ids.length; start += eraseConcurrency) {
    await Promise.all(ids.slice(start, start + eraseConcurrency).map((id) => deleteConversation(env, id)));
  }
  const usage = await env.DB.prepare(`SELECT COUNT(*) AS n FROM usage WHERE user_id = ?`)
    .bind(userId)
    .first<{ n: number }>();
  await eraseVisitorRows(env.DB, userId);
  forgetVisitor(userId);
  return { conversations: ids.length, usageAnonymised: usage?.n ?? 0 };
}
