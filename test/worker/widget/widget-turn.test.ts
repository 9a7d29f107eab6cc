import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { limiterFor } from "../../../src/durable/limiter/limiter-for.ts";
import { siteSendRules } from "../../../src/sites/site-limits.ts";
import { call, createSite, embedHeaders, HOST, issueVisitor, widgetVisitor } from "../../kit/worker/widget.ts";

async function openLive(conversationId: string, token: string, origin: string): Promise<Response> {
  return exports.default.fetch(`${HOST}/api/conversations/${conversationId}/live`, {
    headers: { upgrade: "websocket", origin, "sec-websocket-protocol": `edgechat, edgechat.token.${token}` },
  });
}

describe("a widget visitor's turn", () => {
  it("streams over the live socket (token as its subprotocol, no site key header) and is metered under the site", async () => {
    const site = await createSite();
    const token = await issueVisitor(site.siteKey);
    const headers = embedHeaders(site.siteKey, token);
    const created = await call("/api/conversations", { method: "POST", headers, body: "{}" });
    const { id } = await created.json<{ id: string }>();

    const upgraded = await openLive(id, token, HOST);
    expect(upgraded.status).toBe(101);
    const socket = upgraded.webSocket;
    if (!socket) throw new Error("no websocket");
    socket.accept();
    const ended = new Promise<void>((resolve) => {
      socket.addEventListener("message", (message) => {
        if (String(message.data).includes('"turn-end"')) resolve();
      });
    });
    const sent = await call(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers,
      body: JSON.stringify({ content: "What are your opening hours?", model: "deepseek-chat" }),
    });
    expect(sent.status).toBe(202);
    await ended;
    socket.close(1000, "done");

    const deadline = Date.now() + 10_000;
    let row: { site_id: string | null; user_id: string | null } | null = null;
    while (!row && Date.now() < deadline) {
      row = await env.DB.prepare("SELECT site_id, user_id FROM usage WHERE site_id = ?")
        .bind(site.id)
        .first<{ site_id: string | null; user_id: string | null }>();
      if (!row) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(row?.site_id).toBe(site.id);
    const conversation = await env.DB.prepare("SELECT site_id FROM conversations WHERE id = ?")
      .bind(id)
      .first<{ site_id: string }>();
    expect(conversation?.site_id).toBe(site.id);
  });

  it("cannot open the live stream from another origin with a copied token", async () => {
    const site = await createSite();
    const { token, conversationId: id } = await widgetVisitor(site.siteKey);
    const refused = await openLive(id, token, "https://shop.example");
    expect(refused.status).toBe(403);
  });
});

describe("a site's plan", () => {
  it("caps messages across all its visitors: once the site's minute is used up, sends get 429", async () => {
    const site = await createSite({ plan: "free" });
    const { headers, conversationId: id } = await widgetVisitor(site.siteKey);
    // Other visitors of the site used up its minute.
    const [rule] = siteSendRules("free");
    if (!rule) throw new Error("no site rule");
    await limiterFor(env, { kind: "site", id: site.id }).consume([{ ...rule, cost: rule.limit }]);

    const refused = await call(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers,
      body: JSON.stringify({ content: "Hello?", model: "deepseek-chat" }),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await refused.json<{ error: { code: string; scope: string } }>();
    expect(body.error).toMatchObject({ code: "rate_limited", scope: "site" });
    // Reading is not a message: the conversation stays readable.
    expect((await call(`/api/conversations/${id}`, { headers })).status).toBe(200);
  });

  it("allows more for a bigger plan", () => {
    expect(siteSendRules("pro")[0]?.limit).toBeGreaterThan(siteSendRules("free")[0]?.limit ?? 0);
    expect(siteSendRules("unknown-plan")).toEqual(siteSendRules("free"));
  });
});
