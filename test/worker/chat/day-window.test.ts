import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chargeTokens, sendRules } from "../../../src/conversations/rate-limit.ts";
import { limiterFor } from "../../../src/durable/limiter/limiter-for.ts";
import { planOf } from "../../../src/plans.ts";

const day = 24 * 60 * 60_000;

describe("tokens per day", () => {
  it("are not forgiven when the Limiter object is evicted", async () => {
    const userId = `day-${crypto.randomUUID()}`;
    const limits = planOf("free").visitor;
    // A visitor who used up their day...
    await chargeTokens(env, { userId, plan: "free", ip: null }, limits.tokensPerDay + 1);
    const limiter = limiterFor(env, { kind: "visitor", id: userId });
    expect((await limiter.consume(sendRules(limits, "visitor"))).allowed).toBe(false);
    // ...is still refused by the object that replaces the evicted one.
    await evictDurableObject(limiter);
    const again = limiterFor(env, { kind: "visitor", id: userId });
    const result = await again.consume(sendRules(limits, "visitor"));
    expect(result.allowed).toBe(false);
    expect(result.retryAfterMs).toBeGreaterThan(day - 5 * 60_000);
    const [tokens] = await again.peek([{ name: "tokens/day", limit: limits.tokensPerDay, windowMs: day }]);
    expect(tokens?.remaining).toBe(0);
  });

  it("keep refunds across an eviction too", async () => {
    const name = `test:${crypto.randomUUID()}`;
    const rule = { name: "tokens/day", limit: 1000, windowMs: day, cost: 800 };
    const limiter = env.LIMITER.getByName(name);
    expect((await limiter.consume([rule])).allowed).toBe(true);
    await limiter.adjust("tokens/day", -300);
    await evictDurableObject(limiter);
    const [state] = await env.LIMITER.getByName(name).peek([rule]);
    expect(state?.remaining).toBe(500);
  });

  it("per-minute windows stay in memory only: the partner API's path writes nothing to storage", async () => {
    const name = `test:${crypto.randomUUID()}`;
    const limiter = env.LIMITER.getByName(name);
    await limiter.consume([{ name: "requests", limit: 10, windowMs: 60_000, cost: 1 }]);
    await evictDurableObject(limiter);
    const [state] = await env.LIMITER.getByName(name).peek([{ name: "requests", limit: 10, windowMs: 60_000 }]);
    expect(state?.remaining).toBe(10);
  });
});
