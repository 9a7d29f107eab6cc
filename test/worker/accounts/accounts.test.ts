// Accounts as a person meets them: history follows them to every device, an anonymous start is kept, a plan
// is theirs everywhere, sessions end when they should, and deleting the account erases everything.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signSessionCookie } from "../../../src/identity/visitor-token.ts";
import { sha256Hex } from "../../../src/lib/crypto.ts";
import { dueConversations, removeEmptyVisitors } from "../../../src/upkeep/retention.ts";
import { adminHeaders } from "../../kit/constants.ts";
import { origin, signIn, signUp, TestBrowser } from "../../kit/worker/accounts.ts";
import { pacedEnv, settled } from "../../kit/worker/site-api.ts";
import { SoftPasskey } from "../../kit/worker/soft-passkey.ts";

type Page = { conversations: Array<{ id: string; title: string }> };
type ApiError = { error: { code: string } };

async function chat(browser: TestBrowser, content: string): Promise<string> {
  const { id } = await browser.json<{ id: string }>("POST", "/api/conversations", {}, 201);
  await browser.json("POST", `/api/conversations/${id}/messages`, { content, model: "deepseek-chat" }, 202);
  await settled(browser.cookieHeader(), id);
  return id;
}

async function conversationIds(browser: TestBrowser): Promise<string[]> {
  return (await browser.json<Page>("GET", "/api/conversations")).conversations.map((item) => item.id);
}

async function count(sql: string, ...values: string[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...values)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

describe("accounts", () => {
  it("signing in on a second device shows the same history, and either device can go on chatting", async () => {
    const laptop = new TestBrowser();
    const { passkey, accountId } = await signUp(laptop);
    const id = await chat(laptop, "Plan a trip to Lisbon.");
    const phone = new TestBrowser();
    expect(await conversationIds(phone)).toEqual([]);
    expect((await signIn(phone, passkey)).status).toBe(200);
    expect((await phone.me()).id).toBe(accountId);
    expect(await conversationIds(phone)).toEqual([id]);
    await phone.json(
      "POST",
      `/api/conversations/${id}/messages`,
      { content: "And Porto?", model: "deepseek-chat" },
      202,
    );
    await settled(phone.cookieHeader(), id);
    const seen = await laptop.json<{ messages: Array<{ content: string }> }>("GET", `/api/conversations/${id}`);
    expect(seen.messages.map((message) => message.content)).toContain("And Porto?");
  });

  it("signing in adopts the anonymous visitor's conversations, and the old anonymous cookie no longer reaches them", async () => {
    const { passkey, accountId } = await signUp(new TestBrowser());
    const browser = new TestBrowser();
    const anonymousId = (await browser.me()).id;
    const id = await chat(browser, "Remember the word aubergine.");
    const oldCookies = new Map(browser.cookies);
    const response = await signIn(browser, passkey);
    expect(response.status).toBe(200);
    expect((await response.json<{ adopted: number }>()).adopted).toBe(1);
    expect(await conversationIds(browser)).toEqual([id]);
    // The conversation's Durable Object checked the anonymous owner before; it answers the account now.
    await browser.json(
      "POST",
      `/api/conversations/${id}/messages`,
      { content: "Which word?", model: "deepseek-chat" },
      202,
    );
    await settled(browser.cookieHeader(), id);
    expect(await count("SELECT COUNT(*) AS n FROM conversations WHERE user_id = ?", accountId)).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM users WHERE id = ?", anonymousId)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM usage WHERE user_id = ?", accountId)).toBeGreaterThanOrEqual(2);
    const stale = new TestBrowser();
    for (const [name, value] of oldCookies) if (name === "ec_visitor") stale.cookies.set(name, value);
    expect((await stale.call("GET", `/api/conversations/${id}`)).status).toBe(404);
    expect(
      (await stale.call("POST", `/api/conversations/${id}/messages`, { content: "hi", model: "deepseek-chat" })).status,
    ).toBe(404);
  });

  it("signing in while an answer streams: the conversation is the account's at once (busy, not missing)", async () => {
    const { passkey } = await signUp(new TestBrowser());
    const browser = new TestBrowser(pacedEnv({ tps: 20, tokens: 200 }));
    const { id } = await browser.json<{ id: string }>("POST", "/api/conversations", {}, 201);
    await browser.json(
      "POST",
      `/api/conversations/${id}/messages`,
      { content: "Long answer", model: "deepseek-chat" },
      202,
    );
    expect((await signIn(browser, passkey)).status).toBe(200);
    const again = await browser.call("POST", `/api/conversations/${id}/messages`, {
      content: "x",
      model: "deepseek-chat",
    });
    expect(again.status).toBe(409);
    expect((await browser.call("POST", `/api/conversations/${id}/stop`, {})).status).toBe(200);
  });

  it("creating an account keeps what the visitor wrote before, custom instructions included", async () => {
    const browser = new TestBrowser();
    const id = await chat(browser, "Before I had an account.");
    await browser.json("PUT", "/api/me/settings", { customInstructions: "Answer in French." });
    const { adopted, accountId } = await signUp(browser);
    expect(adopted).toBe(1);
    expect((await browser.me()).id).toBe(accountId);
    expect(await conversationIds(browser)).toEqual([id]);
    expect(await browser.json("GET", "/api/me/settings")).toEqual({ customInstructions: "Answer in French." });
  });

  it("signing out ends the session: the browser is a new, empty visitor and the old cookie is dead", async () => {
    const browser = new TestBrowser();
    const { accountId } = await signUp(browser);
    await chat(browser, "Private.");
    const session = browser.cookies.get("ec_session") ?? "";
    expect((await browser.call("POST", "/api/account/sign-out")).status).toBe(204);
    expect(browser.cookies.has("ec_session")).toBe(false);
    const me = await browser.me();
    expect(me.signedIn).toBe(false);
    expect(me.id).not.toBe(accountId);
    expect(await conversationIds(browser)).toEqual([]);
    const replayed = new TestBrowser();
    replayed.cookies.set("ec_session", session);
    expect((await replayed.me()).signedIn).toBe(false);
  });

  it("a session rotates to a new id once a day and ends after 30 days unused", async () => {
    const { accountId } = await signUp(new TestBrowser());
    const day = 24 * 60 * 60_000;
    const plant = async (issuedDaysAgo: number) => {
      const sessionId = crypto.randomUUID().replace(/-/g, "");
      const issuedAt = Date.now() - issuedDaysAgo * day;
      await env.DB.prepare("INSERT INTO account_sessions (id, user_id, signed_in_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(await sha256Hex(sessionId), accountId, issuedAt, issuedAt + 30 * day)
        .run();
      const browser = new TestBrowser();
      browser.cookies.set("ec_session", await signSessionCookie(env.SESSION_SECRET, sessionId, issuedAt));
      return { browser, hash: await sha256Hex(sessionId) };
    };
    const { browser, hash } = await plant(2);
    const before = browser.cookies.get("ec_session");
    expect((await browser.me()).id).toBe(accountId);
    expect(browser.cookies.get("ec_session")).not.toBe(before);
    const old = await env.DB.prepare("SELECT expires_at AS expiresAt FROM account_sessions WHERE id = ?")
      .bind(hash)
      .first<{ expiresAt: number }>();
    expect(old?.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    expect((await browser.me()).id).toBe(accountId);
    const { browser: idle } = await plant(31);
    expect((await idle.me()).signedIn).toBe(false);
    expect(idle.cookies.has("ec_session")).toBe(false);
  });

  it("an operator's plan applies to the person on every device", async () => {
    const laptop = new TestBrowser();
    const { passkey, accountId } = await signUp(laptop);
    const phone = new TestBrowser();
    await signIn(phone, passkey);
    const admin = adminHeaders;
    const { app } = await import("../../../src/app.ts");
    const patched = await app.request(
      `${origin}/admin/api/users/${accountId}`,
      { method: "PATCH", headers: admin, body: JSON.stringify({ plan: "pro" }) },
      env,
    );
    expect(patched.status).toBe(200);
    expect((await laptop.me()).plan).toBe("pro");
    expect((await phone.me()).plan).toBe("pro");
    const found = await app.request(`${origin}/admin/api/users?id=${accountId}`, { headers: admin }, env);
    const user = await found.json<{ plan: string; account: { name: string; passkeys: number } | null }>();
    expect(user.account).toEqual({ name: "Ada", passkeys: 1 });
  });

  it("the data export includes the account and its passkeys, never key material", async () => {
    const browser = new TestBrowser();
    const { passkey } = await signUp(browser, "Lin");
    const data = await browser.json<{ account: { name: string; passkeys: Array<Record<string, unknown>> } }>(
      "GET",
      "/api/me/export",
    );
    expect(data.account.name).toBe("Lin");
    expect(data.account.passkeys.map((item) => item.id)).toEqual([passkey.credentialId]);
    expect(JSON.stringify(data)).not.toContain("public_key");
    expect(Object.keys(data.account.passkeys[0] ?? {})).not.toContain("publicKey");
  });

  it("passkeys can be listed, added and removed; the last one only after a warning", async () => {
    const browser = new TestBrowser();
    const { passkey } = await signUp(browser);
    const only = await browser.call("DELETE", `/api/account/passkeys/${passkey.credentialId}`);
    expect(only.status).toBe(409);
    expect((await only.json<ApiError>()).error.code).toBe("last_passkey");
    const second = new SoftPasskey(origin);
    const options = await browser.json<{ challenge: string; rp: { id: string }; user: { id: string } }>(
      "POST",
      "/api/account/registration/options",
      {},
    );
    expect(options.user.id).toBe(passkey.userHandle);
    await browser.json("POST", "/api/account/registration/verify", { response: await second.register(options) });
    const listed = await browser.json<{ passkeys: Array<{ id: string }> }>("GET", "/api/account/passkeys");
    expect(listed.passkeys.map((item) => item.id).sort()).toEqual([passkey.credentialId, second.credentialId].sort());
    expect((await browser.call("DELETE", `/api/account/passkeys/${passkey.credentialId}`)).status).toBe(204);
    expect((await signIn(new TestBrowser(), passkey)).status).toBe(401);
    expect((await signIn(new TestBrowser(), second)).status).toBe(200);
    expect((await browser.call("DELETE", `/api/account/passkeys/${second.credentialId}?confirm=last`)).status).toBe(
      204,
    );
  });

  it("one account cannot see or remove another's passkeys or conversations", async () => {
    const alice = new TestBrowser();
    const { passkey } = await signUp(alice, "Alice");
    const id = await chat(alice, "Alice's secret.");
    const bob = new TestBrowser();
    await signUp(bob, "Bob");
    expect((await bob.call("DELETE", `/api/account/passkeys/${passkey.credentialId}?confirm=last`)).status).toBe(404);
    expect((await bob.call("GET", `/api/conversations/${id}`)).status).toBe(404);
    expect(await conversationIds(bob)).toEqual([]);
    // Registration options for Bob's account cannot add a passkey while signed in as someone else.
    const options = await bob.json<{ challenge: string; rp: { id: string }; user: { id: string } }>(
      "POST",
      "/api/account/registration/options",
      {},
    );
    const answer = { response: await new SoftPasskey(origin).register(options) };
    expect((await alice.call("POST", "/api/account/registration/verify", answer)).status).toBe(403);
    expect((await new TestBrowser().call("GET", "/api/account/passkeys")).status).toBe(401);
  });

  it("deleting the account erases it like DELETE /api/me: conversations, passkeys, sessions; usage anonymised", async () => {
    const laptop = new TestBrowser();
    const { passkey, accountId } = await signUp(laptop);
    const phone = new TestBrowser();
    await signIn(phone, passkey);
    const id = await chat(laptop, "Forget me.");
    const response = await laptop.json<{ deleted: boolean; conversations: number }>("DELETE", "/api/account");
    expect(response).toMatchObject({ deleted: true, conversations: 1 });
    for (const table of [
      "users WHERE id",
      "accounts WHERE user_id",
      "passkeys WHERE user_id",
      "account_sessions WHERE user_id",
      "usage WHERE user_id",
    ]) {
      expect(await count(`SELECT COUNT(*) AS n FROM ${table} = ?`, accountId)).toBe(0);
    }
    expect(await count("SELECT COUNT(*) AS n FROM conversations WHERE id = ?", id)).toBe(0);
    expect((await laptop.me()).signedIn).toBe(false);
    expect((await phone.me()).signedIn).toBe(false);
    expect((await signIn(new TestBrowser(), passkey)).status).toBe(401);
  });

  it("upkeep keeps an account: its idle conversations are not expired and an empty account is not removed", async () => {
    const browser = new TestBrowser();
    const { accountId } = await signUp(browser);
    const id = await chat(browser, "Keep me.");
    const later = Date.now() + 400 * 24 * 60 * 60_000;
    expect(await dueConversations(env.DB, { plans: {}, defaultDays: 1 }, later, 100_000)).not.toContain(id);
    await browser.call("DELETE", `/api/conversations/${id}`);
    await removeEmptyVisitors(env.DB, later);
    expect(await count("SELECT COUNT(*) AS n FROM accounts WHERE user_id = ?", accountId)).toBe(1);
    expect((await browser.me()).signedIn).toBe(true);
  });

  it("DELETE /api/me of a signed-in person erases their account too", async () => {
    const browser = new TestBrowser();
    const { accountId } = await signUp(browser);
    expect((await browser.call("DELETE", "/api/me")).status).toBe(204);
    expect(await count("SELECT COUNT(*) AS n FROM accounts WHERE user_id = ?", accountId)).toBe(0);
    expect((await browser.me()).signedIn).toBe(false);
  });
});
