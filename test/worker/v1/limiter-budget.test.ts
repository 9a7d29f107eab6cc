import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AdmitRequest } from "../../../src/durable/limiter/limit-types.ts";
import { limiterFor } from "../../../src/durable/limiter/limiter-for.ts";

const minute = 60_000;

function budgetRequest(apiKeyId: string, micros: number, limitMicros: number): AdmitRequest {
  return {
    rules: [{ name: "requests", limit: 1000, windowMs: minute, cost: 1 }],
    budget: { apiKeyId, reservationId: crypto.randomUUID(), limitMicros, micros },
  };
}

describe("Limiter: rate limits and budget reservations in one call", () => {
  it("a concurrent burst over a small rpm admits exactly the limit", async () => {
    const limiter = env.LIMITER.getByName(`test:${crypto.randomUUID()}`);
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        limiter.admit({ rules: [{ name: "requests", limit: 7, windowMs: minute, cost: 1 }], budget: null }),
      ),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(7);
    const refused = results.filter((result) => !result.allowed);
    expect(refused.every((result) => result.refusal === "rate_limit" && result.retryAfterMs > 0)).toBe(true);
  });

  it("a concurrent burst over a small budget never reserves past it", async () => {
    const keyId = `key_${crypto.randomUUID()}`;
    const limiter = limiterFor(env, { kind: "key", id: keyId });
    const results = await Promise.all(
      Array.from({ length: 30 }, () => limiter.admit(budgetRequest(keyId, 300, 2_000))),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(6);
    expect(results.filter((result) => !result.allowed).every((result) => result.refusal === "budget")).toBe(true);
  });

  it("settling to the real cost frees the unused part of a reservation", async () => {
    const keyId = `key_${crypto.randomUUID()}`;
    const limiter = limiterFor(env, { kind: "key", id: keyId });
    const first = budgetRequest(keyId, 1_500, 2_000);
    expect((await limiter.admit(first)).allowed).toBe(true);
    expect((await limiter.admit(budgetRequest(keyId, 1_500, 2_000))).allowed).toBe(false);
    await limiter.settle({
      adjustments: [],
      budget: { reservationId: first.budget!.reservationId, actualMicros: 400 },
    });
    const second = await limiter.admit(budgetRequest(keyId, 1_500, 2_000));
    expect(second.allowed).toBe(true);
    expect(second.budget).toMatchObject({ spentMicros: 400, reservedMicros: 1_500 });
  });

  it("a budget refusal does not use up the request rate", async () => {
    const keyId = `key_${crypto.randomUUID()}`;
    const limiter = limiterFor(env, { kind: "key", id: keyId });
    const tooDear = {
      ...budgetRequest(keyId, 5_000, 1_000),
      rules: [{ name: "requests", limit: 1, windowMs: minute, cost: 1 }],
    };
    expect((await limiter.admit(tooDear)).refusal).toBe("budget");
    const cheap = { ...budgetRequest(keyId, 10, 1_000), rules: tooDear.rules };
    expect((await limiter.admit(cheap)).allowed).toBe(true);
  });

  it("a month's spend is seeded from D1 usage the first time the object sees the key", async () => {
    const keyId = `key_${crypto.randomUUID()}`;
    const day = new Date().toISOString().slice(0, 10);
    await env.DB.prepare(
      "INSERT INTO usage (id, request_id, api_key_id, day, model, cost_micros, status) VALUES (?, ?, ?, ?, 'deepseek-chat', 1800, 'complete')",
    )
      .bind(crypto.randomUUID(), crypto.randomUUID(), keyId, day)
      .run();
    const limiter = limiterFor(env, { kind: "key", id: keyId });
    const result = await limiter.admit(budgetRequest(keyId, 300, 2_000));
    expect(result.allowed).toBe(false);
    expect(result.budget?.spentMicros).toBe(1_800);
  });

  it("the spend survives the object being rebuilt (it lives in the object's SQLite storage)", async () => {
    const keyId = `key_${crypto.randomUUID()}`;
    const reservation = budgetRequest(keyId, 100, 1_000);
    await limiterFor(env, { kind: "key", id: keyId }).admit(reservation);
    await limiterFor(env, { kind: "key", id: keyId }).settle({
      adjustments: [],
      budget: { reservationId: reservation.budget!.reservationId, actualMicros: 900 },
    });
    const { runInDurableObject } = await import("cloudflare:test");
    const spent = await runInDurableObject(
      limiterFor(env, { kind: "key", id: keyId }),
      (_instance, state) =>
        state.storage.sql.exec<{ spent: number }>("SELECT spent_micros AS spent FROM budget_spend").one().spent,
    );
    expect(spent).toBe(900);
  });
});

describe("Limiter windows", () => {
  it("a refused caller told to retry after retryAfterMs is admitted then", async () => {
    const limiter = env.LIMITER.getByName(`test:${crypto.randomUUID()}`);
    const rules = [{ name: "requests", limit: 2, windowMs: 300, cost: 1 }];
    expect((await limiter.admit({ rules, budget: null })).allowed).toBe(true);
    expect((await limiter.admit({ rules, budget: null })).allowed).toBe(true);
    const refused = await limiter.admit({ rules, budget: null });
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(400);
    await new Promise((resolve) => setTimeout(resolve, refused.retryAfterMs));
    expect((await limiter.admit({ rules, budget: null })).allowed).toBe(true);
  });
});

describe("usage rows queued by settle", () => {
  it("every settled request's row reaches D1 exactly once, shortly after", async () => {
    const keyId = `key_${crypto.randomUUID()}`;
    const limiter = limiterFor(env, { kind: "key", id: keyId });
    const usage = { promptTokens: 10, completionTokens: 5, reasoningTokens: 0, cacheHitTokens: 0, cacheMissTokens: 10 };
    const ids = Array.from({ length: 30 }, () => crypto.randomUUID());
    await Promise.all(
      ids.map((requestId) =>
        limiter.settle({
          adjustments: [],
          budget: null,
          usage: {
            requestId,
            apiKeyId: keyId,
            model: "deepseek-chat",
            served: null,
            region: null,
            usage,
            estimated: false,
            ttftMs: 1,
            totalMs: 2,
            status: "complete",
          },
        }),
      ),
    );
    let count = 0;
    for (let attempt = 0; attempt < 250 && count < ids.length; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const row = await env.DB.prepare("SELECT COUNT(*) AS count FROM usage WHERE api_key_id = ?")
        .bind(keyId)
        .first<{ count: number }>();
      count = row?.count ?? 0;
    }
    expect(count).toBe(ids.length);
  });
});

describe("usage rows D1 refused", () => {
  it("are kept in the object's storage and written when the alarm retries", async () => {
    const { runInDurableObject } = await import("cloudflare:test");
    const { UsageOutbox } = await import("../../../src/metering/usage-outbox.ts");
    const keyId = `key_${crypto.randomUUID()}`;
    const requestId = crypto.randomUUID();
    const stub = limiterFor(env, { kind: "key", id: keyId });
    await runInDurableObject(stub, async (instance, state) => {
      new UsageOutbox(state.storage.sql).add({
        requestId,
        apiKeyId: keyId,
        model: "deepseek-chat",
        served: null,
        region: null,
        usage: { promptTokens: 3, completionTokens: 4, reasoningTokens: 0, cacheHitTokens: 0, cacheMissTokens: 3 },
        estimated: false,
        ttftMs: null,
        totalMs: null,
        status: "complete",
      });
      await instance.alarm();
      expect(new UsageOutbox(state.storage.sql).isEmpty()).toBe(true);
    });
    const row = await env.DB.prepare("SELECT prompt_tokens FROM usage WHERE request_id = ?").bind(requestId).first();
    expect(row).toEqual({ prompt_tokens: 3 });
  });
});
