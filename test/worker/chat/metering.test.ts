import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { limiterFor } from "../../../src/durable/limiter/limiter-for.ts";
import {
  api,
  getConversation,
  newConversation,
  newVisitor,
  openLive,
  pacedEnv,
  settled,
} from "../../kit/worker/site-api.ts";

// About three seconds per answer: long enough to stop or delete it mid-answer on a busy machine.
const slow = pacedEnv({ tps: 30, tokens: 90 });
const quick = pacedEnv({});
const day = 24 * 60 * 60_000;

type UsageRow = {
  request_id: string;
  user_id: string | null;
  status: string;
  estimated: number;
  prompt_tokens: number;
  completion_tokens: number;
};

async function visitorId(cookie: string): Promise<string> {
  return (await (await api(cookie, "GET", "/api/me")).json<{ id: string }>()).id;
}

async function send(
  cookie: string,
  id: string,
  content: string,
  paced: Env,
  headers: Record<string, string> = {},
): Promise<{ status: number; turnId: string }> {
  const body = { content, model: "deepseek-chat" };
  const response = await api(cookie, "POST", `/api/conversations/${id}/messages`, body, { env: paced, headers });
  const json = await response.json<{ turnId?: string }>();
  return { status: response.status, turnId: json.turnId ?? "" };
}

/** Polls D1 until the usage row with this id exists. */
async function usageRow(requestId: string, timeoutMs = 10_000): Promise<UsageRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await env.DB.prepare("SELECT * FROM usage WHERE request_id = ?").bind(requestId).first<UsageRow>();
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`no usage row ${requestId}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function tokensUsedToday(userId: string): Promise<number> {
  const limit = 1_000_000_000;
  const [state] = await limiterFor(env, { kind: "visitor", id: userId }).peek([
    { name: "tokens/day", limit, windowMs: day },
  ]);
  return limit - (state?.remaining ?? limit);
}

async function waitForText(cookie: string, id: string): Promise<void> {
  const live = await openLive(cookie, id);
  await live.waitFor((event) => event.type === "text-delta");
  live.close();
}

describe("metering of the chat site", () => {
  it("a stopped turn is metered (estimated) and charged to the visitor's day", async () => {
    const cookie = await newVisitor();
    const userId = await visitorId(cookie);
    const id = await newConversation(cookie);
    const { status, turnId } = await send(cookie, id, "Tell me a long story.", slow);
    expect(status).toBe(202);
    await waitForText(cookie, id);
    expect((await api(cookie, "POST", `/api/conversations/${id}/stop`, undefined, { env: slow })).status).toBe(200);
    const row = await usageRow(turnId);
    expect(row).toMatchObject({ status: "stopped", estimated: 1, user_id: userId });
    expect(row.prompt_tokens).toBeGreaterThan(0);
    expect(row.completion_tokens).toBeGreaterThan(0);
    expect(await tokensUsedToday(userId)).toBe(row.prompt_tokens + row.completion_tokens);
  });

  it("a conversation deleted mid-turn meters what was spent and leaves no rows", async () => {
    const cookie = await newVisitor();
    const userId = await visitorId(cookie);
    const id = await newConversation(cookie);
    const { turnId } = await send(cookie, id, "Tell me a long story.", slow);
    await waitForText(cookie, id);
    expect((await api(cookie, "DELETE", `/api/conversations/${id}`)).status).toBe(204);
    // The delete answers once the cut turn's metering is written.
    const row = await env.DB.prepare("SELECT * FROM usage WHERE request_id = ?").bind(turnId).first<UsageRow>();
    expect(row).toMatchObject({ status: "stopped", estimated: 1, user_id: userId });
    expect(row?.completion_tokens).toBeGreaterThan(0);
    expect(await tokensUsedToday(userId)).toBe((row?.prompt_tokens ?? 0) + (row?.completion_tokens ?? 0));
    const left = await env.DB.prepare("SELECT count(*) AS n FROM messages WHERE conversation_id = ?")
      .bind(id)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it("a send racing a delete leaves no orphan message or search entry", async () => {
    for (let round = 0; round < 24; round++) {
      // A visitor per round: 24 sends in a row would hit the free plan's messages per minute.
      const cookie = await newVisitor();
      const id = await newConversation(cookie);
      const [sent, deleted] = await Promise.all([
        api(cookie, "POST", `/api/conversations/${id}/messages`, {
          content: `orphan check ${round}`,
          model: "deepseek-chat",
        }),
        api(cookie, "DELETE", `/api/conversations/${id}`),
      ]);
      expect([202, 404]).toContain(sent.status);
      expect(deleted.status).toBe(204);
    }
    const orphans = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations))
            + (SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '"orphan check"') AS n`,
    ).first<{ n: number }>();
    expect(orphans?.n).toBe(0);
  });

  it("a failed turn writes a usage row with its error", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const failing = pacedEnv({ fault: "500" });
    const response = await api(
      cookie,
      "POST",
      `/api/conversations/${id}/messages`,
      { content: "Hello?", model: "deepseek-chat" },
      { env: failing },
    );
    expect(response.status).toBe(503);
    const conversation = await settled(cookie, id);
    const answer = conversation.messages.find((message) => message.role === "assistant");
    const rows = await env.DB.prepare("SELECT * FROM usage WHERE user_id = ? AND status = 'error'")
      .bind(await visitorId(cookie))
      .all<UsageRow>();
    expect(answer?.status).toBe("error");
    expect(rows.results).toHaveLength(1);
  });

  it("usage ids are made by the server: two sends with one x-request-id are two rows", async () => {
    const cookie = await newVisitor();
    const headers = { "x-request-id": `reused-${crypto.randomUUID()}` };
    const first = await newConversation(cookie, "first");
    const second = await newConversation(cookie, "second");
    const a = await send(cookie, first, "One.", quick, headers);
    const b = await send(cookie, second, "Two.", quick, headers);
    expect(a.turnId).not.toBe(b.turnId);
    await usageRow(a.turnId);
    await usageRow(b.turnId);
    const reused = await env.DB.prepare("SELECT count(*) AS n FROM usage WHERE request_id LIKE ?")
      .bind(`${headers["x-request-id"]}%`)
      .first<{ n: number }>();
    expect(reused?.n).toBe(0);
  });

  it("the title is metered under the conversation's owner, after a complete first answer", async () => {
    const cookie = await newVisitor();
    const userId = await visitorId(cookie);
    const id = await newConversation(cookie);
    const { turnId } = await send(cookie, id, "What is the capital of France?", quick);
    const title = await usageRow(`${turnId}.title`);
    expect(title).toMatchObject({ user_id: userId, status: "complete" });
    expect(title.prompt_tokens + title.completion_tokens).toBeGreaterThan(0);
    const turn = await usageRow(turnId);
    const total = turn.prompt_tokens + turn.completion_tokens + title.prompt_tokens + title.completion_tokens;
    for (let attempt = 0; attempt < 100 && (await tokensUsedToday(userId)) < total; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await tokensUsedToday(userId)).toBe(total);
  });

  it("no title call for a stopped first turn (its first words stand in)", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const { turnId } = await send(cookie, id, "Stop me right away please", slow);
    await waitForText(cookie, id);
    await api(cookie, "POST", `/api/conversations/${id}/stop`, undefined, { env: slow });
    await usageRow(turnId);
    for (let attempt = 0; attempt < 50 && (await getConversation(cookie, id)).title === "New chat"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await getConversation(cookie, id)).title).toBe("Stop me right away please");
    const title = await env.DB.prepare("SELECT count(*) AS n FROM usage WHERE request_id = ?")
      .bind(`${turnId}.title`)
      .first<{ n: number }>();
    expect(title?.n).toBe(0);
  });

  it("no title call when the visitor renamed the conversation during the first answer", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const { turnId } = await send(cookie, id, "Tell me a long story.", slow);
    await waitForText(cookie, id);
    expect((await api(cookie, "PATCH", `/api/conversations/${id}`, { title: "My own name" })).status).toBe(200);
    await settled(cookie, id);
    await usageRow(turnId);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const title = await env.DB.prepare("SELECT count(*) AS n FROM usage WHERE request_id = ?")
      .bind(`${turnId}.title`)
      .first<{ n: number }>();
    expect(title?.n).toBe(0);
    expect((await getConversation(cookie, id)).title).toBe("My own name");
  });
});
