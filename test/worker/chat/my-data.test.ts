import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, newConversation, newVisitor, openLive, pacedEnv, settled } from "../../kit/worker/site-api.ts";

const slow = pacedEnv({ tps: 30, tokens: 90 });

type Export = {
  visitor: { id: string } | null;
  conversations: Array<{ id: string; messages: Array<{ role: string; content: string; parentId: string | null }> }>;
  shares: Array<{ id: string; conversationId: string }>;
  usage: Array<{ requestId: string; status: string }>;
};

async function visitorId(cookie: string): Promise<string> {
  return (await (await api(cookie, "GET", "/api/me")).json<{ id: string }>()).id;
}

async function sendAndSettle(cookie: string, id: string, content: string): Promise<string> {
  const response = await api(cookie, "POST", `/api/conversations/${id}/messages`, { content, model: "deepseek-chat" });
  expect(response.status).toBe(202);
  await settled(cookie, id);
  return (await response.json<{ turnId: string }>()).turnId;
}

async function count(sql: string, ...values: string[]): Promise<number> {
  return (
    (
      await env.DB.prepare(sql)
        .bind(...values)
        .first<{ n: number }>()
    )?.n ?? -1
  );
}

describe("my data", () => {
  it("export hands over every conversation with all its branches, the shares and the usage", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const turnId = await sendAndSettle(cookie, id, "Remember the word aubergine.");
    expect((await api(cookie, "POST", `/api/conversations/${id}/regenerate`, {})).status).toBe(202);
    await settled(cookie, id);
    const shared = await api(cookie, "POST", `/api/conversations/${id}/share`, {});
    const share = await shared.json<{ id: string }>();
    const stranger = await newVisitor();

    const response = await api(cookie, "GET", "/api/me/export");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="edgechat-my-data-.*\.json"$/);
    const data = await response.json<Export>();
    expect(data.visitor?.id).toBe(await visitorId(cookie));
    const [conversation] = data.conversations;
    expect(conversation?.id).toBe(id);
    // The question and both answers to it (two branches).
    expect(conversation?.messages.filter((message) => message.role === "assistant")).toHaveLength(2);
    expect(conversation?.messages.some((message) => message.content === "Remember the word aubergine.")).toBe(true);
    expect(data.shares.map((row) => row.id)).toEqual([share.id]);
    expect(data.usage.map((row) => row.requestId)).toContain(turnId);

    const theirs = await (await api(stranger, "GET", "/api/me/export")).json<Export>();
    expect(theirs.conversations).toEqual([]);
    expect(theirs.shares).toEqual([]);
  });

  it("erase deletes everything, ends a live answer (metered) and keeps usage only anonymised", async () => {
    const cookie = await newVisitor();
    const userId = await visitorId(cookie);
    const done = await newConversation(cookie);
    const turnId = await sendAndSettle(cookie, done, "My secret is kumquat.");
    const share = await (await api(cookie, "POST", `/api/conversations/${done}/share`, {})).json<{ id: string }>();
    const live = await newConversation(cookie);
    const started = await api(
      cookie,
      "POST",
      `/api/conversations/${live}/messages`,
      { content: "Tell me a long story.", model: "deepseek-chat" },
      { env: slow },
    );
    const liveTurn = (await started.json<{ turnId: string }>()).turnId;
    const socket = await openLive(cookie, live);
    await socket.waitFor((event) => event.type === "text-delta");

    const erased = await api(cookie, "DELETE", "/api/me");
    expect(erased.status).toBe(204);
    expect(erased.headers.get("set-cookie")).toMatch(/ec_visitor=;.*Max-Age=0/);
    await socket.waitFor((event) => event.type === "turn-end");

    expect(await count("SELECT count(*) AS n FROM users WHERE id = ?", userId)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM conversations WHERE user_id = ?", userId)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM messages WHERE conversation_id IN (?, ?)", done, live)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM shares WHERE user_id = ?", userId)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'kumquat'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM usage WHERE user_id = ?", userId)).toBe(0);
    // Billing keeps the rows, the finished turn and the one cut short alike, without the visitor's id.
    for (const requestId of [turnId, liveTurn]) {
      expect(await count("SELECT count(*) AS n FROM usage WHERE request_id = ? AND user_id IS NULL", requestId)).toBe(
        1,
      );
    }
    expect((await api("", "GET", `/api/shares/${share.id}`)).status).toBe(404);
    for (const id of [done, live]) {
      const stored = await runInDurableObject(env.CHAT_SESSION.getByName(id), (_, state) =>
        state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'events'").toArray(),
      );
      expect(stored).toEqual([]);
    }
  });
});
