import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newIdentityLimits } from "../../../src/identity/index.ts";
import { api } from "../../kit/worker/site-api.ts";

async function rowsFor(ids: string[]): Promise<number> {
  const placeholders = ids.map(() => "?").join(",");
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM users WHERE id IN (${placeholders})`)
    .bind(...ids)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

function cookieOf(response: Response): string {
  const match = /ec_visitor=([^;]+)/.exec(response.headers.get("set-cookie") ?? "");
  if (!match) throw new Error("no visitor cookie");
  return `ec_visitor=${match[1]}`;
}

/** An address nobody else in the test run uses, so its new-visitor windows start empty. */
function freshIpv4(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

describe("a visitor row is written on the first write, not on a read", () => {
  it("200 cookieless reads insert no users row", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 200; index++) {
      const path = index % 2 === 0 ? "/api/me" : "/api/conversations";
      const response = await api("", "GET", path, undefined, { headers: { "cf-connecting-ip": "198.51.100.20" } });
      expect(response.status).toBe(200);
      if (path === "/api/me") ids.push((await response.json<{ id: string }>()).id);
      else await response.arrayBuffer();
    }
    expect(new Set(ids).size).toBe(100);
    expect(await rowsFor(ids)).toBe(0);
  });

  it("the cookie's identity is kept across reads and becomes a row with the first write", async () => {
    const first = await api("", "GET", "/api/me");
    const cookie = cookieOf(first);
    const { id } = await first.json<{ id: string }>();
    const again = await api(cookie, "GET", "/api/me");
    expect((await again.json<{ id: string }>()).id).toBe(id);
    // A cookie still fresh is not re-sent.
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await rowsFor([id])).toBe(0);

    const created = await api(cookie, "POST", "/api/conversations", {});
    expect(created.status).toBe(201);
    expect(await rowsFor([id])).toBe(1);
    const listed = await api(cookie, "GET", "/api/conversations");
    expect((await listed.json<{ conversations: unknown[] }>()).conversations).toHaveLength(1);
  });
});

describe("new identities per network", () => {
  it(`are capped at ${newIdentityLimits.perHour} an hour; past the cap a clear 429, while reads and known visitors go on`, async () => {
    const ip = freshIpv4();
    const headers = { "cf-connecting-ip": ip };
    const known = cookieOf(await api("", "GET", "/api/me", undefined, { headers }));
    expect((await api(known, "POST", "/api/conversations", {}, { headers })).status).toBe(201);

    const outcomes: Array<{ status: number; body: { error?: Record<string, unknown> }; retryAfter: string | null }> =
      [];
    const createdIds: string[] = [];
    for (let index = 0; index < newIdentityLimits.perHour + 5; index++) {
      const response = await api("", "POST", "/api/conversations", {}, { headers });
      const userId = /ec_visitor=([^.;]+)\./.exec(response.headers.get("set-cookie") ?? "")?.[1];
      if (userId) createdIds.push(userId);
      outcomes.push({
        status: response.status,
        body: await response.json(),
        retryAfter: response.headers.get("retry-after"),
      });
    }
    // The known visitor took one of the hour's identities.
    expect(outcomes.filter((outcome) => outcome.status === 201)).toHaveLength(newIdentityLimits.perHour - 1);
    const refused = outcomes.filter((outcome) => outcome.status === 429);
    expect(refused).toHaveLength(6);
    for (const outcome of refused) {
      expect(Number(outcome.retryAfter)).toBeGreaterThan(0);
      expect(outcome.body.error).toMatchObject({
        code: "rate_limited",
        type: "rate_limit_error",
        scope: "new_visitors",
        message: expect.stringContaining("Too many new visitors from your network"),
      });
    }
    // A refused request gets no identity at all (no cookie, no row).
    expect(createdIds).toHaveLength(newIdentityLimits.perHour - 1);
    expect(await rowsFor(createdIds)).toBe(newIdentityLimits.perHour - 1);
    // Reading stays free, and a visitor who already has a row is not a new identity.
    expect((await api("", "GET", "/api/me", undefined, { headers })).status).toBe(200);
    expect((await api(known, "POST", "/api/conversations", {}, { headers })).status).toBe(201);
  });
});
