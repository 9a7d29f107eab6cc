import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { defaultPolicy } from "../../../src/inference/routing/policy.ts";
import { usageInsertMany } from "../../../src/metering/record-usage.ts";
import { adminHeaders } from "../../kit/constants.ts";
import { base, callV1, createKey } from "../../kit/worker/v1.ts";
import { createSite } from "../../kit/worker/widget.ts";

const admin = (path: string, init: RequestInit = {}) =>
  exports.default.fetch(`${base}/admin/api${path}`, { ...init, headers: { ...adminHeaders, ...(init.headers ?? {}) } });
const chat = (key: string) =>
  callV1("/chat/completions", key, {
    method: "POST",
    body: JSON.stringify({ model: "deepseek-chat", messages: [{ role: "user", content: "hi" }] }),
  });
const usage = { promptTokens: 0, completionTokens: 0, reasoningTokens: 0, cacheHitTokens: 0, cacheMissTokens: 0 };

type KeyListing = {
  id: string;
  rpm: number | null;
  tpm: number | null;
  monthlyBudgetUsd: number | null;
  name: string;
  spendThisMonthMicros: number;
};

afterEach(async () => {
  await env.PROVIDER_HEALTH.getByName("global").reset();
});

describe("admin API: keys", () => {
  it("edits a key's limits, budget and name; the new rpm is enforced at once; null restores the plan's", async () => {
    const created = await createKey({ rpm: 100 });
    expect((await chat(created.key)).status).toBe(200);
    const patched = await admin(`/keys/${created.id}`, {
      method: "PATCH",
      body: JSON.stringify({ rpm: 1, tpm: 50_000, monthlyBudgetUsd: 12.5, name: "renamed" }),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      id: created.id,
      rpm: 1,
      tpm: 50_000,
      monthlyBudgetUsd: 12.5,
      name: "renamed",
    });
    const limited = await chat(created.key);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-limit-requests")).toBe("1");

    const cleared = await admin(`/keys/${created.id}`, {
      method: "PATCH",
      body: JSON.stringify({ rpm: null, monthlyBudgetUsd: null }),
    });
    expect(await cleared.json()).toMatchObject({ rpm: null, monthlyBudgetUsd: null, tpm: 50_000 });
  });

  it("refuses bad edits (400) and edits of revoked or unknown keys (404)", async () => {
    const created = await createKey();
    for (const body of [{ rpm: 0 }, { rpm: 1.5 }, { plan: "Not A Plan" }, { owner: "x" }, { name: "" }]) {
      const response = await admin(`/keys/${created.id}`, { method: "PATCH", body: JSON.stringify(body) });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    await admin(`/keys/${created.id}`, { method: "DELETE" });
    expect((await admin(`/keys/${created.id}`, { method: "PATCH", body: '{"rpm":5}' })).status).toBe(404);
    expect((await admin("/keys/key_nope/rotate", { method: "POST" })).status).toBe(404);
  });

  it("rotates a key: the new secret is shown once and works, the old one stops at once", async () => {
    const created = await createKey();
    expect((await callV1("/models", created.key)).status).toBe(200);
    const response = await admin(`/keys/${created.id}/rotate`, { method: "POST" });
    expect(response.status).toBe(200);
    const rotated = await response.json<{ id: string; key: string; prefix: string }>();
    expect(rotated.id).toBe(created.id);
    expect(rotated.key).toMatch(/^ec_/);
    expect(rotated.key).not.toBe(created.key);
    expect(rotated.prefix).toBe(rotated.key.slice(0, 10));
    expect((await callV1("/models", created.key)).status).toBe(401);
    expect((await callV1("/models", rotated.key)).status).toBe(200);
    const listed = await (await admin("/keys")).text();
    expect(listed).not.toContain(rotated.key);
  });

  it("lists each key's spend this month, from rollups plus rows since the last rollup", async () => {
    const created = await createKey();
    const now = Date.now();
    const row = (requestId: string, promptTokens: number, at: number) => ({
      requestId,
      apiKeyId: created.id,
      model: "deepseek-chat",
      served: null,
      region: null,
      usage: { ...usage, promptTokens, cacheMissTokens: promptTokens },
      estimated: false,
      ttftMs: 100,
      totalMs: 200,
      status: "complete",
      at,
    });
    await usageInsertMany(env.DB, [row(`spend-a-${created.id}`, 1_000_000, now - 1000)]).run();
    // Rolled up now; the next row arrives after the rollup and is read raw.
    expect((await admin("/upkeep/run", { method: "POST", body: '{"job":"hourly"}' })).status).toBe(200);
    await usageInsertMany(env.DB, [row(`spend-b-${created.id}`, 2_000_000, Date.now())]).run();
    const { results } = await env.DB.prepare("SELECT SUM(cost_micros) AS spent FROM usage WHERE api_key_id = ?")
      .bind(created.id)
      .all<{ spent: number }>();
    const { data } = await (await admin("/keys")).json<{ data: KeyListing[] }>();
    const listed = data.find((key) => key.id === created.id);
    expect(results[0]?.spent).toBeGreaterThan(0);
    expect(listed?.spendThisMonthMicros).toBe(results[0]?.spent);
  });
});

describe("admin API: users", () => {
  it("finds a visitor by id, and erases them with their conversations' storage, keeping usage anonymised", async () => {
    const userId = `u-${crypto.randomUUID()}`;
    const conversationId = `c-${crypto.randomUUID()}`;
    await env.DB.batch([
      env.DB.prepare("INSERT INTO users (id, plan) VALUES (?, 'pro')").bind(userId),
      env.DB.prepare("INSERT INTO conversations (id, user_id, title, updated_at) VALUES (?, ?, 'x', ?)").bind(
        conversationId,
        userId,
        Date.now(),
      ),
      env.DB.prepare("INSERT INTO messages (id, conversation_id, role, content) VALUES (?, ?, 'user', 'hello')").bind(
        `m-${conversationId}`,
        conversationId,
      ),
    ]);
    await usageInsertMany(env.DB, [
      {
        requestId: `erase-${userId}`,
        userId,
        model: "deepseek-chat",
        served: null,
        region: null,
        usage,
        estimated: false,
        ttftMs: null,
        totalMs: null,
        status: "complete",
      },
    ]).run();
    const stub = env.CHAT_SESSION.getByName(conversationId);
    await runInDurableObject(stub, async (_instance, state) => {
      await state.storage.put("marker", 1);
    });

    const found = await admin(`/users?id=${userId}`);
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ id: userId, plan: "pro", conversations: 1 });
    expect((await admin("/users?id=nobody")).status).toBe(404);
    expect((await admin("/users")).status).toBe(400);

    const erased = await admin(`/users/${userId}`, { method: "DELETE" });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({ erased: true, conversations: 1, usageAnonymised: 1 });
    expect((await admin(`/users?id=${userId}`)).status).toBe(404);
    const left = await env.DB.prepare(
      "SELECT (SELECT COUNT(*) FROM conversations WHERE user_id = ?1) + (SELECT COUNT(*) FROM messages WHERE conversation_id = ?2) AS n",
    )
      .bind(userId, conversationId)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
    const kept = await env.DB.prepare("SELECT user_id FROM usage WHERE request_id = ?").bind(`erase-${userId}`).first();
    expect(kept).toEqual({ user_id: null });
    const stored = await runInDurableObject(stub, async (_instance, state) => (await state.storage.list()).size);
    expect(stored).toBe(0);
    expect((await admin(`/users/${userId}`, { method: "DELETE" })).status).toBe(404);
  });
});

describe("admin API: provider health", () => {
  it("shows each target's breaker state, its recent failures with reasons, and its concurrency cap", async () => {
    const at = Date.now();
    await env.PROVIDER_HEALTH.getByName("global").report(
      [1, 2, 3].map((n) => ({ target: "gpu-eu-1", ok: false, at: at + n, reason: `failed: HTTP 502 #${n}` })),
      defaultPolicy.breaker,
    );
    const response = await admin("/health");
    expect(response.status).toBe(200);
    const body = await response.json<{
      ready: boolean;
      targets: Array<{
        id: string;
        state: string;
        recentFailures: Array<{ reason: string }>;
        concurrency: { max: number | null };
      }>;
    }>();
    const gpu = body.targets.find((target) => target.id === "gpu-eu-1");
    expect(gpu?.state).toBe("open");
    expect(gpu?.recentFailures.map((failure) => failure.reason)).toEqual([
      "failed: HTTP 502 #3",
      "failed: HTTP 502 #2",
      "failed: HTTP 502 #1",
    ]);
    expect(gpu?.concurrency.max).toBe(64);
    expect(body.targets.find((target) => target.id === "deepseek")?.state).toBe("closed");
    expect((await exports.default.fetch(`${base}/admin/api/health`)).status).toBe(401);
  });
});

describe("admin API: a site's usage", () => {
  it("reports only that site's widget usage, per day", async () => {
    const site = await createSite({ name: "Usage shop" });
    const other = await createSite({ name: "Other shop" });
    const at = Date.now();
    const row = (siteId: string, n: number) => ({
      requestId: `site-usage-${siteId}-${n}`,
      siteId,
      userId: "visitor",
      model: "deepseek-chat",
      served: null,
      region: null,
      usage: { ...usage, promptTokens: 10 * n },
      estimated: false,
      ttftMs: 300,
      totalMs: 900,
      status: "complete",
      at,
    });
    await usageInsertMany(env.DB, [row(site.id, 1), row(site.id, 2), row(other.id, 5)]).run();
    await admin("/upkeep/run", { method: "POST", body: "{}" });
    const response = await admin(`/sites/${site.id}/usage`);
    expect(response.status).toBe(200);
    const report = await response.json<{
      totals: { requests: number; promptTokens: number; bySurface: Record<string, unknown> };
    }>();
    expect(report.totals).toMatchObject({ requests: 2, promptTokens: 30 });
    expect(Object.keys(report.totals.bySurface)).toEqual(["widget"]);
    expect((await admin("/sites/site_nope/usage")).status).toBe(404);
  });
});
