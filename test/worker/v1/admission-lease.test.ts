import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LimitRule } from "../../../src/durable/limiter/limit-types.ts";
import { admitFromLease, leaseTtlMs } from "../../../src/metering/admission-lease.ts";

const minute = 60_000;

function leaseContext() {
  const subject = `test:${crypto.randomUUID()}`;
  const pending: Array<Promise<unknown>> = [];
  return {
    context: {
      subject,
      limiter: () => env.LIMITER.getByName(subject),
      waitUntil: (p: Promise<unknown>) => pending.push(p),
    },
    limiter: () => env.LIMITER.getByName(subject),
    pending,
  };
}

const rules = (limit: number): LimitRule[] => [{ name: "requests", limit, windowMs: minute, cost: 1 }];

describe("isolate-local admission leases", () => {
  it("a concurrent burst admits exactly the limit, and the refused get the Limiter's retry time", async () => {
    const { context } = leaseContext();
    const results = await Promise.all(Array.from({ length: 25 }, () => admitFromLease(context, rules(7))));
    expect(results.filter((result) => result.allowed)).toHaveLength(7);
    const refused = results.find((result) => !result.allowed);
    expect(refused?.refusal).toBe("rate_limit");
    expect(refused?.retryAfterMs).toBeGreaterThan(0);
    expect(refused?.states[0]?.remaining).toBe(0);
  });

  it("admits from the lease without charging the Limiter again, and headers count what the lease holds", async () => {
    const { context, limiter } = leaseContext();
    const first = await admitFromLease(context, rules(100));
    // The Limiter granted a tenth of the limit; this request used one unit of it.
    expect((await limiter().peek(rules(100)))[0]?.remaining).toBe(90);
    expect(first.states[0]?.remaining).toBe(99);
    for (let i = 0; i < 9; i++) expect((await admitFromLease(context, rules(100))).allowed).toBe(true);
    expect((await limiter().peek(rules(100)))[0]?.remaining).toBe(90);
    const eleventh = await admitFromLease(context, rules(100));
    expect(eleventh.states[0]?.remaining).toBe(89);
    expect((await limiter().peek(rules(100)))[0]?.remaining).toBe(80);
  });

  it("gives unused units back to the Limiter when the lease expires", async () => {
    const { context, limiter, pending } = leaseContext();
    await admitFromLease(context, rules(50));
    expect((await limiter().peek(rules(50)))[0]?.remaining).toBe(45);
    // The expiry timer, then the give-back call it starts (also handed to waitUntil).
    for (let seen = 0; seen < pending.length; ) {
      seen = pending.length;
      await Promise.all(pending);
    }
    expect(leaseTtlMs).toBeLessThanOrEqual(2_000);
    expect((await limiter().peek(rules(50)))[0]?.remaining).toBe(49);
  });
});
