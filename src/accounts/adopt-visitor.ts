// Signing in (or creating an account) takes along what the browser's anonymous visitor had: its conversations
// (with their messages, branches and search entries, which hang off the conversation), share links and usage
// rows move to the account's user id in one transaction (custom instructions are copied unless the account has
// its own), then the empty anonymous row goes. Each adopted
// conversation's Durable Object is told its owner changed: it remembers the owner it last checked.
import { sessionOf } from "../conversations/session-client.ts";
import { conversationIdsOf } from "../db/queries/my-data.ts";
import { forgetVisitor } from "../identity/index.ts";

// Objects told at once (the erase uses the same bound).
const notifyConcurrency = 8;

/**
 * Moves everything of the anonymous chat-site visitor `anonymousId` to the account `accountUserId`; returns
 * how many conversations moved. Nothing happens when the visitor has no row, is a widget visitor, or is itself
 * an account (an account is never merged into another).
 */
export async function adoptVisitor(env: Env, anonymousId: string, accountUserId: string): Promise<number> {
  if (anonymousId === accountUserId) return 0;
  const source = await env.DB.prepare(
    `SELECT u.site_id AS siteId, EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = u.id) AS isAccount
     FROM users u WHERE u.id = ?`,
  )
    .bind(anonymousId)
    .first<{ siteId: string | null; isAccount: number }>();
  if (!source || source.siteId !== null || source.isAccount === 1) return 0;
  const ids = await conversationIdsOf(env.DB, anonymousId);
  const move = (table: string) =>
    env.DB.prepare(`UPDATE ${table} SET user_id = ? WHERE user_id = ?`).bind(accountUserId, anonymousId);
  await env.DB.batch([
    move("conversations"),
    move("shares"),
    move("usage"),
    // Custom instructions come along unless the account has its own (the account's win).
    env.DB.prepare(
      `INSERT OR IGNORE INTO user_settings (user_id, custom_instructions, updated_at)
       SELECT ?, custom_instructions, updated_at FROM user_settings WHERE user_id = ?`,
    ).bind(accountUserId, anonymousId),
    env.DB.prepare(
      `DELETE FROM users WHERE id = ? AND NOT EXISTS (SELECT 1 FROM conversations WHERE user_id = ?)`,
    ).bind(anonymousId, anonymousId),
  ]);
  forgetVisitor(anonymousId);
  for (let start = 0; start < ids.length; start += notifyConcurrency) {
    await Promise.all(ids.slice(start, start + notifyConcurrency).map((id) => sessionOf(env, id).ownerChanged()));
  }
  return ids.length;
}
