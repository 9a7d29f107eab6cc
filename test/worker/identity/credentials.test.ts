import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../../src/app.ts";
import {
  cookieLifetime,
  issueVisitorToken,
  signVisitorCookie,
  verifyVisitorToken,
  widgetTokenLifetime,
} from "../../../src/identity/index.ts";
import { hmacSign } from "../../../src/lib/crypto.ts";
import { api } from "../../kit/worker/site-api.ts";
import { call, createSite, embedHeaders, HOST, issueVisitor } from "../../kit/worker/widget.ts";

const day = 24 * 60 * 60_000;
const secret = env.SESSION_SECRET;

function setCookieId(response: Response): string | null {
  return /ec_visitor=([^.;]+)\./.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? null;
}

async function meAs(cookieValue: string, overrides: Partial<Env> = {}): Promise<{ id: string; response: Response }> {
  const response = await app.request(
    `${HOST}/api/me`,
    { headers: { cookie: `ec_visitor=${cookieValue}` } },
    { ...env, ...overrides },
    createExecutionContext(),
  );
  return { id: (await response.clone().json<{ id: string }>()).id, response };
}

/** A chat-site visitor with a users row (the row exists once they wrote something). */
async function persistedVisitor(): Promise<string> {
  const response = await api("", "POST", "/api/conversations", {});
  expect(response.status).toBe(201);
  const id = setCookieId(response);
  if (!id) throw new Error("no cookie");
  return id;
}

describe("visitor cookies", () => {
  it("carry their issue time, are re-issued once older than 30 days, and expire after 400 days unused", async () => {
    const userId = await persistedVisitor();
    const fresh = await meAs(await signVisitorCookie(secret, userId, Date.now() - day));
    expect(fresh.id).toBe(userId);
    expect(fresh.response.headers.get("set-cookie")).toBeNull();

    const old = await meAs(await signVisitorCookie(secret, userId, Date.now() - cookieLifetime.refreshAfterMs - day));
    expect(old.id).toBe(userId);
    expect(setCookieId(old.response)).toBe(userId);
    expect(old.response.headers.get("set-cookie")).toContain(`Max-Age=${400 * 24 * 60 * 60}`);

    const expired = await meAs(await signVisitorCookie(secret, userId, Date.now() - cookieLifetime.maxAgeMs - day));
    expect(expired.id).not.toBe(userId);
  });

  it("from before issue times are upgraded on their next use, under the current secret only", async () => {
    const userId = await persistedVisitor();
    const legacy = `${userId}.${await hmacSign(secret, `cookie.${userId}`)}`;
    const upgraded = await meAs(legacy);
    expect(upgraded.id).toBe(userId);
    expect(upgraded.response.headers.get("set-cookie")).toMatch(new RegExp(`ec_visitor=${userId}\\.\\d+\\.`));
    const rotated = await meAs(legacy, { SESSION_SECRET: "a-new-secret-0123456789", SESSION_SECRET_PREVIOUS: secret });
    expect(rotated.id).not.toBe(userId);
  });

  it("signed with SESSION_SECRET_PREVIOUS stay valid during a rotation and are re-signed with the new secret", async () => {
    const userId = await persistedVisitor();
    const signedBefore = await signVisitorCookie(secret, userId);
    const rotation = { SESSION_SECRET: "rotated-secret-0123456789abcdef", SESSION_SECRET_PREVIOUS: secret };
    const during = await meAs(signedBefore, rotation);
    expect(during.id).toBe(userId);
    const reissued = /ec_visitor=([^;]+)/.exec(during.response.headers.get("set-cookie") ?? "")?.[1] ?? "";
    expect((await meAs(reissued, { SESSION_SECRET: rotation.SESSION_SECRET })).id).toBe(userId);
    // Once the grace period is over (previous secret removed), the old cookie is worthless.
    expect((await meAs(signedBefore, { SESSION_SECRET: rotation.SESSION_SECRET })).id).not.toBe(userId);
  });
});

describe("widget tokens", () => {
  it("expire 30 days after issue; an old-format token without an issue time is refused clearly", async () => {
    const site = await createSite();
    const token = await issueVisitor(site.siteKey);
    const check = await verifyVisitorToken({ current: secret, previous: null }, token);
    if (!check.ok) throw new Error("fresh token refused");
    const { userId } = check.claims;

    const expired = await issueVisitorToken(secret, userId, site.id, Date.now() - widgetTokenLifetime.maxAgeMs - 1000);
    const refused = await call("/api/conversations", { headers: embedHeaders(site.siteKey, expired) });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: "token_expired" } });

    const payload = `vt1.${userId}.${site.id}`;
    const legacy = `${payload}.${await hmacSign(secret, payload)}`;
    const outdated = await call("/api/conversations", { headers: embedHeaders(site.siteKey, legacy) });
    expect(outdated.status).toBe(401);
    expect(await outdated.json()).toMatchObject({
      error: { code: "token_expired", message: expect.stringContaining("issue time") },
    });
  });

  it("slide: the widget renews a token it still holds for the same visitor", async () => {
    const site = await createSite();
    const token = await issueVisitor(site.siteKey);
    const check = await verifyVisitorToken({ current: secret, previous: null }, token);
    if (!check.ok) throw new Error("fresh token refused");
    const aged = await issueVisitorToken(secret, check.claims.userId, site.id, Date.now() - 2 * day);
    const renewed = await call(`/api/embed/${site.siteKey}/visitor`, {
      method: "POST",
      headers: embedHeaders(site.siteKey, aged),
    });
    expect(renewed.status).toBe(200);
    const body = await renewed.json<{ token: string; userId: string }>();
    expect(body.userId).toBe(check.claims.userId);
    const renewedCheck = await verifyVisitorToken({ current: secret, previous: null }, body.token);
    expect(renewedCheck.ok && renewedCheck.stale).toBe(false);
    expect(renewedCheck.ok && Date.now() - (renewedCheck.issuedAt ?? 0)).toBeLessThan(60_000);
  });

  it("signed with the previous secret keep working during a rotation; new ones use the current secret", async () => {
    const site = await createSite();
    const token = await issueVisitor(site.siteKey);
    const rotation = { ...env, SESSION_SECRET: "rotated-secret-0123456789abcdef", SESSION_SECRET_PREVIOUS: secret };
    const request = (path: string, init: RequestInit, bindings: Env) =>
      app.request(`${HOST}${path}`, init, bindings, createExecutionContext());
    const during = await request("/api/conversations", { headers: embedHeaders(site.siteKey, token) }, rotation);
    expect(during.status).toBe(200);
    const renewed = await request(
      `/api/embed/${site.siteKey}/visitor`,
      { method: "POST", headers: embedHeaders(site.siteKey, token) },
      rotation,
    );
    const { token: next } = await renewed.json<{ token: string }>();
    const after = { ...env, SESSION_SECRET: rotation.SESSION_SECRET };
    expect((await request("/api/conversations", { headers: embedHeaders(site.siteKey, next) }, after)).status).toBe(
      200,
    );
    expect((await request("/api/conversations", { headers: embedHeaders(site.siteKey, token) }, after)).status).toBe(
      401,
    );
  });
});

describe("the embed guard", () => {
  afterEach(() => vi.restoreAllMocks());

  it("verifies a widget token once per request and hands its claims on", async () => {
    const site = await createSite();
    const token = await issueVisitor(site.siteKey);
    const sign = vi.spyOn(crypto.subtle, "sign");
    const response = await app.request(
      `${HOST}/api/conversations`,
      { headers: embedHeaders(site.siteKey, token) },
      env,
      createExecutionContext(),
    );
    expect(response.status).toBe(200);
    expect(sign).toHaveBeenCalledTimes(1);
  });
});

describe("the widget's live stream without the token in the URL", () => {
  it("opens as SSE with the token in Authorization (what the widget's fetch-based fallback sends)", async () => {
    const site = await createSite();
    const token = await issueVisitor(site.siteKey);
    const created = await call("/api/conversations", {
      method: "POST",
      headers: embedHeaders(site.siteKey, token),
      body: "{}",
    });
    const { id } = await created.json<{ id: string }>();
    const { "x-edgechat-site-key": _key, "content-type": _type, ...headers } = embedHeaders(site.siteKey, token);
    const live = await call(`/api/conversations/${id}/live?after=0`, {
      headers: { ...headers, accept: "text/event-stream" },
    });
    expect(live.status).toBe(200);
    expect(live.headers.get("content-type")).toContain("text/event-stream");
    await live.body?.cancel();
  });
});
