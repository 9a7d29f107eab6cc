import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("D1 migrations", () => {
  it("create every table the product needs, including full-text search", async () => {
    const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{
      name: string;
    }>();
    const names = results.map((row) => row.name);
    for (const table of [
      "users",
      "conversations",
      "messages",
      "shares",
      "api_keys",
      "sites",
      "usage",
      "messages_fts",
      "conversations_fts",
    ]) {
      expect(names).toContain(table);
    }
  });

  it("index message text for search as it is inserted", async () => {
    await seedConversation("u-fts", "c-fts");
    await env.DB.prepare("INSERT INTO messages (id, conversation_id, role, content) VALUES (?, ?, 'user', ?)")
      .bind("m-fts", "c-fts", "the quick brown fox")
      .run();
    const row = await env.DB.prepare(
      "SELECT m.id FROM messages_fts f JOIN messages m ON m.rowid = f.rowid WHERE messages_fts MATCH ?",
    )
      .bind("brown")
      .first<{ id: string }>();
    expect(row?.id).toBe("m-fts");
  });

  it("refuse a message or a share for a conversation that does not exist", async () => {
    const message = env.DB.prepare(
      "INSERT INTO messages (id, conversation_id, role) VALUES ('m-x', 'nowhere', 'user')",
    );
    await expect(message.run()).rejects.toThrow(/FOREIGN KEY/);
    const share = env.DB.prepare(
      "INSERT INTO shares (id, conversation_id, user_id, title, snapshot) VALUES ('s-x', 'nowhere', 'u', 't', '[]')",
    );
    await expect(share.run()).rejects.toThrow(/FOREIGN KEY/);
  });

  it("delete a visitor's conversations, messages, shares and search entries with the visitor", async () => {
    await seedConversation("u-gone", "c-gone", "Pelican plans");
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO messages (id, conversation_id, role, content) VALUES ('m-gone', 'c-gone', 'user', ?)",
      ).bind("an ostrich appears"),
      env.DB.prepare(
        "INSERT INTO shares (id, conversation_id, user_id, title, snapshot) VALUES ('s-gone', 'c-gone', 'u-gone', 't', '[]')",
      ),
    ]);
    await env.DB.prepare("DELETE FROM users WHERE id = 'u-gone'").run();
    const left = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM conversations WHERE id = 'c-gone') + (SELECT count(*) FROM messages WHERE id = 'm-gone')
         + (SELECT count(*) FROM shares WHERE id = 's-gone')
         + (SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'ostrich')
         + (SELECT count(*) FROM conversations_fts WHERE conversations_fts MATCH 'pelican') AS n`,
    ).first<{ n: number }>();
    expect(left?.n).toBe(0);
    // The external-content indexes still agree with their tables.
    await env.DB.prepare("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')").run();
    await env.DB.prepare("INSERT INTO conversations_fts(conversations_fts) VALUES ('integrity-check')").run();
  });
});

async function seedConversation(userId: string, conversationId: string, title = "New chat"): Promise<void> {
  await env.DB.batch([
    env.DB.prepare("INSERT OR IGNORE INTO users (id) VALUES (?)").bind(userId),
    env.DB.prepare("INSERT INTO conversations (id, user_id, title, updated_at) VALUES (?, ?, ?, 1)").bind(
      conversationId,
      userId,
      title,
    ),
  ]);
}
