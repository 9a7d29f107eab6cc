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
});
