import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, getConversation, newConversation, newVisitor, openLive, settled } from "../../kit/worker/site-api.ts";

async function chat(cookie: string, content: string, title?: string): Promise<string> {
  const id = await newConversation(cookie, title);
  const response = await api(cookie, "POST", `/api/conversations/${id}/messages`, { content, model: "deepseek-chat" });
  expect(response.status).toBe(202);
  await settled(cookie, id);
  return id;
}

type SearchBody = { results: Array<{ conversationId: string; messageId: string | null; snippet: string }> };

describe("history: search, export, share, delete", () => {
  it("search finds the visitor's own titles and messages, and nobody else's", async () => {
    const alice = await newVisitor();
    const bob = await newVisitor();
    const aliceChat = await chat(alice, "How do I repot a flamingoflower plant?", "Gardening notes");
    await chat(bob, "flamingoflower care for beginners");

    const byMessage = await (await api(alice, "GET", "/api/search?q=flamingoflower")).json<SearchBody>();
    expect(new Set(byMessage.results.map((result) => result.conversationId))).toEqual(new Set([aliceChat]));
    expect(byMessage.results).toContainEqual(
      expect.objectContaining({ conversationId: aliceChat, snippet: expect.stringContaining("flamingoflower") }),
    );
    expect(byMessage.results.every((result) => result.messageId !== null)).toBe(true);

    const byTitle = await (await api(alice, "GET", "/api/search?q=garden")).json<SearchBody>();
    expect(byTitle.results).toContainEqual(expect.objectContaining({ conversationId: aliceChat, messageId: null }));

    // FTS syntax in the query is searched for literally, not parsed.
    const odd = await api(alice, "GET", `/api/search?q=${encodeURIComponent('"unbalanced AND (NEAR')}`);
    expect(odd.status).toBe(200);
    expect((await odd.json<SearchBody>()).results).toEqual([]);
  });

  it("search lists each conversation once, however many of its messages (and its title) match", async () => {
    const cookie = await newVisitor();
    const id = await chat(cookie, "quokkafacts please", "All about quokkafacts");
    const again = await api(cookie, "POST", `/api/conversations/${id}/messages`, {
      content: "more quokkafacts",
      model: "deepseek-chat",
    });
    expect(again.status).toBe(202);
    await settled(cookie, id);
    const other = await chat(cookie, "one more quokkafacts question");

    const found = await (await api(cookie, "GET", "/api/search?q=quokkafacts")).json<SearchBody>();
    expect(found.results.map((result) => result.conversationId).sort()).toEqual([id, other].sort());
    // The title match comes first; the other conversation shows its best matching message.
    expect(found.results[0]).toMatchObject({ conversationId: id, messageId: null });
    expect(found.results[1]).toMatchObject({ conversationId: other, snippet: expect.stringContaining("quokkafacts") });
  });

  it("exports the conversation as Markdown and as JSON downloads", async () => {
    const cookie = await newVisitor();
    const id = await chat(cookie, "Export me please", "My export");
    const markdown = await api(cookie, "GET", `/api/conversations/${id}/export?format=md`);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get("content-disposition")).toBe('attachment; filename="my-export.md"');
    const text = await markdown.text();
    expect(text).toContain("# My export");
    expect(text).toContain("Export me please");

    const json = await api(cookie, "GET", `/api/conversations/${id}/export?format=json`);
    expect(json.headers.get("content-disposition")).toContain("my-export.json");
    const body = await json.json<{ messages: Array<{ role: string }> }>();
    expect(body.messages.map((message) => message.role)).toEqual(["user", "assistant"]);

    expect((await api(cookie, "GET", `/api/conversations/${id}/export?format=pdf`)).status).toBe(400);
  });

  it("a share shows the snapshot (not later turns) to anyone, until it is revoked", async () => {
    const cookie = await newVisitor();
    const id = await chat(cookie, "Share this first question");
    const created = await api(cookie, "POST", `/api/conversations/${id}/share`);
    expect(created.status).toBe(201);
    const share = await created.json<{ id: string; url: string }>();
    expect(share.url).toBe(`/s/${share.id}`);
    // 24 random bytes in base64url: far beyond guessing.
    expect(share.id.length).toBeGreaterThanOrEqual(32);

    await api(cookie, "POST", `/api/conversations/${id}/messages`, {
      content: "A later question",
      model: "deepseek-chat",
    });
    await settled(cookie, id);

    const anonymous = await api("", "GET", `/api/shares/${share.id}`);
    expect(anonymous.status).toBe(200);
    const snapshot = await anonymous.json<{ messages: Array<{ content: string }> }>();
    expect(snapshot.messages).toHaveLength(2);
    expect(snapshot.messages[0]?.content).toBe("Share this first question");

    const listed = await (await api(cookie, "GET", `/api/conversations/${id}/shares`)).json<{ shares: unknown[] }>();
    expect(listed.shares).toEqual([expect.objectContaining({ id: share.id, url: share.url })]);

    expect((await api(cookie, "DELETE", `/api/shares/${share.id}`)).status).toBe(204);
    expect((await api("", "GET", `/api/shares/${share.id}`)).status).toBe(404);
    const after = await (await api(cookie, "GET", `/api/conversations/${id}/shares`)).json<{ shares: unknown[] }>();
    expect(after.shares).toEqual([]);
  });

  it("delete removes the D1 rows and the object's storage", async () => {
    const cookie = await newVisitor();
    const id = await chat(cookie, "Forget me");
    await api(cookie, "POST", `/api/conversations/${id}/share`);
    const tab = await openLive(cookie, id);
    const tables = () =>
      runInDurableObject(env.CHAT_SESSION.getByName(id), (_instance, state) =>
        state.storage.sql
          .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'state')")
          .toArray()
          .map((row) => row.name)
          .sort(),
      );
    expect(await tables()).toEqual(["events", "state"]);

    expect((await api(cookie, "DELETE", `/api/conversations/${id}`)).status).toBe(204);
    for (const table of ["messages", "shares", "conversations"]) {
      const column = table === "conversations" ? "id" : "conversation_id";
      const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`)
        .bind(id)
        .first<{ n: number }>();
      expect(row?.n, table).toBe(0);
    }
    expect(await tables()).toEqual([]);
    expect((await api(cookie, "GET", `/api/conversations/${id}`)).status).toBe(404);
    tab.close();
  });

  it("renaming and the automatic title", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const tab = await openLive(cookie, id);
    await api(cookie, "POST", `/api/conversations/${id}/messages`, {
      content: "Plan a trip to Lisbon",
      model: "deepseek-chat",
    });
    const titled = await tab.waitFor((event) => event.type === "title");
    if (titled.type !== "title") throw new Error("unreachable");
    expect(titled.title.length).toBeGreaterThan(0);
    expect(titled.title).not.toBe("New chat");
    expect((await getConversation(cookie, id)).title).toBe(titled.title);

    const renamed = await api(cookie, "PATCH", `/api/conversations/${id}`, { title: "Lisbon" });
    expect(await renamed.json()).toMatchObject({ id, title: "Lisbon" });
    tab.close();
  });
});
