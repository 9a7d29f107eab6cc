// Without Cloudflare Access, an operator exchanges ADMIN_TOKEN for a one-hour HttpOnly session cookie.
import { describe, expect, it } from "vitest";
import { issueSession, SESSION_COOKIE } from "../../../src/admin/console-session.ts";
import { adminToken } from "../../kit/constants.ts";
import { call, cookiePair } from "../../kit/worker/access.ts";

const origin = "https://console.example";

function signIn(token: string, from: string | null = origin, at = origin): Promise<Response> {
  return call(`${at}/admin/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(from ? { origin: from } : {}) },
    body: JSON.stringify({ token }),
  });
}

async function sessionCookie(): Promise<string> {
  const response = await signIn(adminToken);
  expect(response.status).toBe(200);
  return cookiePair(response.headers.get("set-cookie"));
}

describe("console sign-in with the admin token", () => {
  it("exchanges the token for a short-lived HttpOnly, Secure, SameSite=Strict cookie scoped to /admin", async () => {
    const response = await signIn(adminToken);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { signedIn: boolean; expiresAt: string };
    expect(body.signedIn).toBe(true);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toContain("Max-Age=3600");
    expect(setCookie).toContain("Path=/admin");
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("Secure");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).not.toContain(adminToken);
  });

  it("leaves Secure off only for plain-http loopback (local wrangler dev)", async () => {
    const local = await signIn(adminToken, "http://127.0.0.1:8787", "http://127.0.0.1:8787");
    expect(local.status).toBe(200);
    expect(local.headers.get("set-cookie")).not.toContain("Secure");
  });

  it("the cookie opens the admin API; without it, or with a wrong token, nothing opens", async () => {
    const cookie = await sessionCookie();
    expect((await call(`${origin}/admin/api/keys`, { headers: { cookie } })).status).toBe(200);
    const session = await call(`${origin}/admin/api/session`, { headers: { cookie } });
    expect(await session.json()).toMatchObject({ signedIn: true, method: "session", signIn: "token" });
    expect((await call(`${origin}/admin/api/keys`)).status).toBe(401);
    const wrong = await signIn("not-the-token");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a sign-in posted from another site (login CSRF)", async () => {
    expect((await signIn(adminToken, "https://evil.example")).status).toBe(403);
    expect((await signIn(adminToken, null)).status).toBe(403);
  });

  it("cookie-authenticated writes need the console's own Origin", async () => {
    const cookie = await sessionCookie();
    const create = (headers: Record<string, string>) =>
      call(`${origin}/admin/api/keys`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify({ name: "from-console" }),
      });
    expect((await create({ origin: "https://evil.example" })).status).toBe(403);
    expect((await create({})).status).toBe(403);
    expect((await create({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await create({ origin: "HTTPS://Console.Example:443" })).status).toBe(201);
    expect((await create({ "sec-fetch-site": "same-origin" })).status).toBe(201);
  });

  it("an expired, tampered or pre-rotation cookie is refused", async () => {
    const expired = await issueSession(adminToken, Date.now() - 61 * 60_000);
    const stale = await issueSession("the-previous-admin-token");
    const fresh = await issueSession(adminToken);
    const [, , nonce, signature] = fresh.value.split(".");
    const extended = `v1.${fresh.expiresAt + 3_600_000}.${nonce}.${signature}`;
    for (const [name, value] of [
      ["expired", expired.value],
      ["signed with the previous token", stale.value],
      ["expiry pushed out", extended],
      ["garbage", "v1.x.y.z"],
    ]) {
      const response = await call(`${origin}/admin/api/keys`, { headers: { cookie: `${SESSION_COOKIE}=${value}` } });
      expect(response.status, name).toBe(401);
    }
    const control = await call(`${origin}/admin/api/keys`, { headers: { cookie: `${SESSION_COOKIE}=${fresh.value}` } });
    expect(control.status).toBe(200);
  });

  it("signing out clears the cookie", async () => {
    const response = await call(`${origin}/admin/api/session`, { method: "DELETE", headers: { origin } });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(setCookie).toContain("Max-Age=0");
  });

  it("with no ADMIN_TOKEN configured the console is closed", async () => {
    const response = await call(
      `${origin}/admin/api/session`,
      { method: "POST", headers: { origin, "content-type": "application/json" }, body: '{"token":"x"}' },
      { ADMIN_TOKEN: "" },
    );
    expect(response.status).toBe(403);
    const status = await call(`${origin}/admin/api/session`, {}, { ADMIN_TOKEN: "" });
    expect(await status.json()).toMatchObject({ signedIn: false, signIn: "closed" });
  });
});

describe("the console page", () => {
  it("is served at /admin and its pages under the strict CSP, never cached", async () => {
    for (const path of ["/admin", "/admin/keys", "/admin/providers"]) {
      const response = await call(`${origin}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-security-policy"), path).toContain("script-src 'self'");
      expect(response.headers.get("cache-control"), path).toBe("no-store");
      expect(await response.text(), path).toContain('src="/assets/admin.js"');
    }
    expect((await call(`${origin}/admin/nope`)).status).toBe(404);
  });
});
