import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { limiterFor } from "../../../src/durable/limiter/limiter-for.ts";
import { api, newConversation, newVisitor, openLive, pacedEnv, settled } from "../../kit/worker/site-api.ts";

type Stats = { byLabel: Record<string, { requests: number; aborted: number }> };

describe("answers", () => {
  it("a reasoning model's thinking streams separately and is stored with how long it took", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const tab = await openLive(cookie, id);
    const response = await api(cookie, "POST", `/api/conversations/${id}/messages`, {
      content: "Think first",
      model: "deepseek-reasoner",
    });
    expect(response.status).toBe(202);
    const end = await tab.waitFor((event) => event.type === "turn-end");
    const reasoning = tab.events.filter((event) => event.type === "reasoning-delta");
    expect(reasoning.length).toBeGreaterThan(0);
    // All thinking comes before the answer.
    const firstText = tab.events.findIndex((event) => event.type === "text-delta");
    const lastReasoning = tab.events.findLastIndex((event) => event.type === "reasoning-delta");
    expect(lastReasoning).toBeLessThan(firstText);
    const conversation = await settled(cookie, id);
    const answer = conversation.messages.find((message) => message.role === "assistant")!;
    expect(answer.reasoning).toBe(
      reasoning.map((event) => (event.type === "reasoning-delta" ? event.text : "")).join(""),
    );
    expect(answer.reasoningMs).not.toBeNull();
    expect(answer.model).toBe("deepseek-reasoner");
    expect(end.type).toBe("turn-end");
    tab.close();
  });

  it("stop aborts the upstream request", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const label = `stop-${crypto.randomUUID()}`;
    const tab = await openLive(cookie, id);
    const response = await api(
      cookie,
      "POST",
      `/api/conversations/${id}/messages`,
      { content: "Long story please", model: "deepseek-chat" },
      { env: pacedEnv({ tps: 20, tokens: 400, label }) },
    );
    expect(response.status).toBe(202);
    await tab.waitFor((event) => event.type === "text-delta");
    await api(cookie, "POST", `/api/conversations/${id}/stop`);
    await settled(cookie, id);
    let aborted = 0;
    for (let attempt = 0; attempt < 50 && aborted === 0; attempt++) {
      const stats = await (await fetch(`${env.SIMULATOR_URL}/__stats`)).json<Stats>();
      aborted = stats.byLabel[label]?.aborted ?? 0;
      if (aborted === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(aborted).toBe(1);
    tab.close();
  });

  it("a visitor who has used up the day's tokens gets 429 until the window frees up", async () => {
    const cookie = await newVisitor();
    const { id: userId } = await (await api(cookie, "GET", "/api/me")).json<{ id: string }>();
    const id = await newConversation(cookie);
    await api(cookie, "POST", `/api/conversations/${id}/messages`, { content: "hello", model: "deepseek-chat" });
    await settled(cookie, id);
    const limiter = limiterFor(env, { kind: "visitor", id: userId });
    const day = 24 * 60 * 60_000;
    // The finished turn's tokens were charged to the day window.
    const [charged] = await limiter.peek([{ name: "tokens/day", limit: 200_000, windowMs: day }]);
    expect(charged!.remaining).toBeLessThan(200_000);
    // Simulate a day of heavy use.
    await limiter.consume([{ name: "tokens/day", limit: Number.MAX_SAFE_INTEGER, windowMs: day, cost: 200_000 }]);
    const limited = await api(cookie, "POST", `/api/conversations/${id}/messages`, {
      content: "more",
      model: "deepseek-chat",
    });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(60);
    // The Limiter stamps charges at the end of 100 ms buckets, so the wait may round up to one second more.
    expect(retryAfter).toBeLessThanOrEqual(24 * 60 * 60 + 1);
  });
});
