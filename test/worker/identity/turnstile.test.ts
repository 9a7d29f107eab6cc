import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { standInSecret } from "../../kit/stand-ins/turnstile-secret.ts";
import { api } from "../../kit/worker/site-api.ts";

const siteKey = "stand-in-site-key";
const turnstileOn: Env = {
  ...env,
  TURNSTILE_SITE_KEY: siteKey,
  TURNSTILE_SECRET_KEY: standInSecret,
  TURNSTILE_VERIFY_URL: env.TURNSTILE_STAND_IN_URL,
};

function cookieOf(response: Response): string {
  const match = /ec_visitor=([^;]+)/.exec(response.headers.get("set-cookie") ?? "");
  if (!match) throw new Error("no visitor cookie");
  return `ec_visitor=${match[1]}`;
}

async function rowExists(cookie: string): Promise<boolean> {
  const userId = /ec_visitor=([^.]+)\./.exec(cookie)?.[1] ?? "";
  return (await env.DB.prepare("SELECT 1 AS found FROM users WHERE id = ?").bind(userId).first()) !== null;
}

async function errorCode(response: Response): Promise<string> {
  return (await response.json<{ error: { code: string } }>()).error.code;
}

describe("Turnstile on a new visitor's first message", () => {
  it("is asked for, checked with siteverify, and then never again", async () => {
    const me = await api("", "GET", "/api/me", undefined, { env: turnstileOn });
    expect((await me.clone().json<{ turnstileSiteKey: string | null }>()).turnstileSiteKey).toBe(siteKey);
    const cookie = cookieOf(me);

    const missing = await api(cookie, "POST", "/api/conversations", {}, { env: turnstileOn });
    expect(missing.status).toBe(403);
    expect(await errorCode(missing)).toBe("turnstile_required");

    const failed = await api(
      cookie,
      "POST",
      "/api/conversations",
      {},
      {
        env: turnstileOn,
        headers: { "x-turnstile-token": `fail-${crypto.randomUUID()}` },
      },
    );
    expect(failed.status).toBe(403);
    expect(await errorCode(failed)).toBe("turnstile_failed");
    expect(await rowExists(cookie)).toBe(false);

    const pass = `pass-${crypto.randomUUID()}`;
    const passed = await api(
      cookie,
      "POST",
      "/api/conversations",
      {},
      {
        env: turnstileOn,
        headers: { "x-turnstile-token": pass },
      },
    );
    expect(passed.status).toBe(201);
    expect(await rowExists(cookie)).toBe(true);

    const after = await api(cookie, "GET", "/api/me", undefined, { env: turnstileOn });
    expect((await after.json<{ turnstileSiteKey: string | null }>()).turnstileSiteKey).toBeNull();
    expect((await api(cookie, "POST", "/api/conversations", {}, { env: turnstileOn })).status).toBe(201);

    // Tokens are single use: another new visitor cannot reuse it.
    const replay = await api(
      "",
      "POST",
      "/api/conversations",
      {},
      {
        env: turnstileOn,
        headers: { "x-turnstile-token": pass },
      },
    );
    expect(replay.status).toBe(403);
    expect(await errorCode(replay)).toBe("turnstile_failed");
  });

  it("is off when unset: no site key for the page, no check", async () => {
    const me = await api("", "GET", "/api/me");
    expect((await me.clone().json<{ turnstileSiteKey: string | null }>()).turnstileSiteKey).toBeNull();
    expect((await api(cookieOf(me), "POST", "/api/conversations", {})).status).toBe(201);
  });

  it("a secret siteverify refuses is our fault: 503, not the visitor's", async () => {
    const wrongSecret = { ...turnstileOn, TURNSTILE_SECRET_KEY: "not-the-secret" };
    const response = await api(
      "",
      "POST",
      "/api/conversations",
      {},
      {
        env: wrongSecret,
        headers: { "x-turnstile-token": `pass-${crypto.randomUUID()}` },
      },
    );
    expect(response.status).toBe(503);
    expect(await errorCode(response)).toBe("turnstile_unavailable");
  });

  it("one key without the other is a configuration error naming the missing one", async () => {
    const response = await api("", "GET", "/api/me", undefined, { env: { ...env, TURNSTILE_SITE_KEY: siteKey } });
    expect(response.status).toBe(503);
    expect((await response.json<{ error: { param: string } }>()).error.param).toBe("TURNSTILE_SECRET_KEY");
  });

  it("opens the page's CSP to challenges.cloudflare.com only when on, and never exposes the secret", async () => {
    const on = await api("", "GET", "/", undefined, { env: turnstileOn });
    const csp = on.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' https:\/\/challenges\.cloudflare\.com/);
    expect(csp).toMatch(/frame-src https:\/\/challenges\.cloudflare\.com/);
    expect(await on.text()).not.toContain(standInSecret);
    const me = await api("", "GET", "/api/me", undefined, { env: turnstileOn });
    expect(await me.text()).not.toContain(standInSecret);
    const off = await api("", "GET", "/");
    expect(off.headers.get("content-security-policy")).not.toContain("challenges.cloudflare.com");
  });
});
