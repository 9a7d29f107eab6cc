import { forgetVisitor } from "../identity/index.ts";
import { deleteConversation } from "./delete-conversation.ts";

/** What an erase removed. */
export type EraseResult = { conversations: number; shares: number; usageAnonymised: number };

/**
 * Erases a visitor: every conversation with its Durable Object storage, their shares, the visitor row; usage
 * rows are kept for billing with the visitor's id removed. Null when no such visitor exists.
 * (The visitor's own `DELETE /api/me` may use its own erase; both must remove the same data.)
 */
export async function eraseVisitor(env: Env, userId: string): Promise<EraseResult | null> {
  const user = await env.DB.prepare(`SELECT id FROM users WHERE id = ?`).bind(userId).first<{ id: string }>();
  if (!user) return null;
  const { results } = await env.DB.prepare(`SELECT id FROM conversations WHERE user_id = ?`)
    .bind(userId)
    .all<{ id: string }>();
  for (const conversation of results) await deleteConversation(env, conversation.id);
  const [shares, usage] = await env.DB.batch([
    env.DB.prepare(`DELETE FROM shares WHERE user_id = ?`).bind(userId),
    env.DB.prepare(`UPDATE usage SET user_id = NULL WHERE user_id = ?`).bind(userId),
    env.DB.prepare(`DELETE FROM users WHERE id = ?`).bind(userId),
  ]);
  forgetVisitor(userId);
  return {
    conversations: results.length,
    shares: shares?.meta.changes ?? 0,
    usageAnonymised: usage?.meta.changes ?? 0,
  };
}
