import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../../src/app.ts";
import { issueVisitorToken } from "../../../src/identity/index.ts";
import { adminHeaders } from "../../kit/constants.ts";
import { api, newConversation, newVisitor, origin, settled } from "../../kit/worker/site-api.ts";

async function errorCode(response: Response): Promise<string> {
  return (await response.json<{ error: { code: string } }>()).error.code;
}

async function userIdOf(cookie: string): Promise<string> {
  return (await (await api(cookie, "GET", "/api/me")).json<{ id: string }>()).id;
}

describe("ownership", () => {
  it("another visitor's conversation, message or share is a 404 on every route", async () => {
    const alice = await newVisitor();
    const mallory = await newVisitor();
    const id = await newConversation(alice, "Private");
    await api(alice, "POST", `/api/conversations/${id}/messages`, { content: "secret plans", model: "deepseek-chat" });
    const conversation = await settled(alice, id);
    const aliceMessage = conversation.messages[0]!.id;
    const share = await (await api(alice, "POST", `/api/conversations/${id}/share`)).json<{ id: string }>();

    const attempts: Array<[string, string, unknown?]> = [
      ["GET", `/api/conversations/${id}`],
      ["PATCH", `/api/conversations/${id}`, { title: "mine now" }],
      ["DELETE", `/api/conversations/${id}`],
      ["POST", `/api/conversations/${id}/messages`, { content: "hi", model: "deepseek-chat" }],
      ["POST", `/api/conversations/${id}/stop`],
      ["POST", `/api/conversations/${id}/regenerate`, {}],
      ["GET", `/api/conversations/${id}/export?format=md`],
      ["POST", `/api/conversations/${id}/share`],
      ["GET", `/api/conversations/${id}/shares`],
      ["DELETE", `/api/shares/${share.id}`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await api(mallory, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await errorCode(response)).toBe("not_found");
    }
    const sse = await api(mallory, "GET", `/api/conversations/${id}/live`, undefined, {
      headers: { accept: "text/event-stream" },
    });
    expect(sse.status).toBe(404);
    const socket = await exports.default.fetch(`${origin}/api/conversations/${id}/live`, {
      headers: { Upgrade: "websocket", cookie: mallory },
    });
    expect(socket.status).toBe(404);

    // Alice's message ids do not work inside Mallory's own conversation either.
    const own = await newConversation(mallory);
    const regenerate = await api(mallory, "POST", `/api/conversations/${own}/regenerate`, { messageId: aliceMessage });
    expect(regenerate.status).toBe(404);
    const branch = await api(mallory, "PATCH", `/api/conversations/${own}`, { currentLeafId: aliceMessage });
    expect(branch.status).toBe(404);
    const reply = await api(mallory, "POST", `/api/conversations/${own}/messages`, {
      content: "hi",
      model: "deepseek-chat",
      parentId: aliceMessage,
    });
    expect(reply.status).toBe(404);

    // Nothing leaked, nothing changed.
    const list = await (await api(mallory, "GET", "/api/conversations")).json<{
      conversations: Array<{ id: string }>;
    }>();
    expect(list.conversations.map((row) => row.id)).toEqual([own]);
    expect((await api(alice, "GET", `/api/conversations/${id}`)).status).toBe(200);
    expect((await api("", "GET", `/api/shares/${share.id}`)).status).toBe(200);
  });
});

describe("identity", () => {
  it("the visitor cookie is signed, HttpOnly, Secure and SameSite=Lax; a forged one starts a new visitor", async () => {
    const response = await exports.default.fetch(`${origin}/api/me`);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^ec_visitor=[^;]+\.[^;]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Lax");
    const me = await response.json<{ id: string; plan: string; models: unknown[] }>();
    expect(me.plan).toBe("free");
    expect(me.models.length).toBeGreaterThan(0);

    const forged = await api(`ec_visitor=${me.id}.forged-signature`, "GET", "/api/me");
    const other = await forged.json<{ id: string }>();
    expect(other.id).not.toBe(me.id);
  });

  it("a bearer visitor token works instead of the cookie (and as the live socket's subprotocol, never in the URL)", async () => {
    const cookie = await newVisitor();
    const userId = await userIdOf(cookie);
    const id = await newConversation(cookie, "Via token");
    const token = await issueVisitorToken(env.SESSION_SECRET, userId, null);
    const byToken = await exports.default.fetch(`${origin}/api/conversations/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(byToken.status).toBe(200);
    const live = await exports.default.fetch(`${origin}/api/conversations/${id}/live`, {
      headers: { Upgrade: "websocket", "sec-websocket-protocol": `edgechat, edgechat.token.${token}` },
    });
    expect(live.status).toBe(101);
    // The handshake names the protocol the browser offered (or it drops the socket), never the token.
    expect(live.headers.get("sec-websocket-protocol")).toBe("edgechat");
    live.webSocket?.accept();
    live.webSocket?.close(1000);
    const inUrl = await exports.default.fetch(`${origin}/api/conversations/${id}/live?token=${token}`, {
      headers: { Upgrade: "websocket" },
    });
    expect(inUrl.status).toBe(400);
    expect((await inUrl.json<{ error: { code: string } }>()).error.code).toBe("token_in_url");

    const tampered = await exports.default.fetch(`${origin}/api/conversations/${id}`, {
      headers: { authorization: `Bearer ${token.slice(0, -2)}xx` },
    });
    expect(tampered.status).toBe(401);
  });

  it("without SESSION_SECRET the API refuses clearly instead of signing with an empty key", async () => {
    const response = await app.request(`${origin}/api/me`, {}, { ...env, SESSION_SECRET: "" });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("SESSION_SECRET");
  });

  it("an admin changes a visitor's plan", async () => {
    const cookie = await newVisitor();
    const userId = await userIdOf(cookie);
    // A visitor becomes a users row with their first write.
    await newConversation(cookie);
    const path = `/admin/api/users/${userId}`;
    const body = JSON.stringify({ plan: "pro" });
    const denied = await exports.default.fetch(`${origin}${path}`, { method: "PATCH", body });
    expect(denied.status).toBe(401);
    const admin = adminHeaders;
    const changed = await exports.default.fetch(`${origin}${path}`, { method: "PATCH", headers: admin, body });
    expect(changed.status).toBe(200);
    expect((await (await api(cookie, "GET", "/api/me")).json<{ plan: string }>()).plan).toBe("pro");
    const missing = await exports.default.fetch(`${origin}/admin/api/users/nobody`, {
      method: "PATCH",
      headers: admin,
      body,
    });
    expect(missing.status).toBe(404);
  });
});

describe("bad input", () => {
  it("answers 400 for invalid JSON and unknown models, 413 for oversized messages and bodies", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const path = `/api/conversations/${id}/messages`;

    const invalid = await api(cookie, "POST", path, "{not json");
    expect(invalid.status).toBe(400);
    expect(await errorCode(invalid)).toBe("invalid_request");

    const missing = await api(cookie, "POST", path, { model: "deepseek-chat" });
    expect(missing.status).toBe(400);

    const unknown = await api(cookie, "POST", path, { content: "hi", model: "gpt-17" });
    expect(unknown.status).toBe(400);
    expect(await errorCode(unknown)).toBe("model_not_allowed");

    const long = await api(cookie, "POST", path, { content: "x".repeat(33 * 1024), model: "deepseek-chat" });
    expect(long.status).toBe(413);
    expect(await errorCode(long)).toBe("request_too_large");

    const huge = await api(cookie, "POST", path, { content: "x".repeat(70 * 1024), model: "deepseek-chat" });
    expect(huge.status).toBe(413);

    // None of these stored anything.
    const conversation = await (await api(cookie, "GET", `/api/conversations/${id}`)).json<{ messages: unknown[] }>();
    expect(conversation.messages).toEqual([]);
  });
});

describe("limits", () => {
  it("a free visitor past 10 messages a minute gets 429 with the time until they may send again", async () => {
    const cookie = await newVisitor();
    for (let index = 0; index < 10; index++) {
      const id = await newConversation(cookie);
      const response = await api(cookie, "POST", `/api/conversations/${id}/messages`, {
        content: `message ${index}`,
        model: "deepseek-chat",
      });
      expect(response.status, `message ${index}`).toBe(202);
    }
    const id = await newConversation(cookie);
    const limited = await api(cookie, "POST", `/api/conversations/${id}/messages`, {
      content: "one more",
      model: "deepseek-chat",
    });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await limited.json<{ error: { code: string; retryAfterSeconds: number } }>();
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.retryAfterSeconds).toBe(retryAfter);
  });

  it("the per-IP limit applies across visitors sharing an address", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    let limited: Response | null = null;
    for (let index = 0; index < 31 && !limited; index++) {
      // A new visitor every three messages stays under each visitor's own limit.
      const cookie = await newVisitor();
      for (let turn = 0; turn < 3 && !limited; turn++) {
        const id = await newConversation(cookie);
        const response = await api(
          cookie,
          "POST",
          `/api/conversations/${id}/messages`,
          { content: "hi", model: "deepseek-chat" },
          { headers: { "cf-connecting-ip": ip } },
        );
        if (response.status === 429) limited = response;
        else expect(response.status).toBe(202);
      }
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
