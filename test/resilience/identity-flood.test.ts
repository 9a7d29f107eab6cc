// A flood of cookieless requests, reads and first writes, from one IPv4 address and from a client rotating
// through the addresses of one IPv6 /64: the users table grows by the new-visitor cap of each network, no more.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { newIdentityLimits } from "../../src/identity/new-identity-limits.ts";
import { mapConcurrent } from "../kit/resilience/chat-stream.ts";
import { type ResilienceStack, startResilienceStack } from "../kit/resilience/stack.ts";

const READS = 600;
const WRITES = 400;
const ROTATING_WRITES = 300;

let stack: ResilienceStack;

beforeAll(async () => {
  stack = await startResilienceStack();
});

afterAll(async () => {
  await stack?.stop();
});

function usersCount(): number {
  return stack.query(z.object({ n: z.number() }), "SELECT count(*) AS n FROM users")[0]?.n ?? -1;
}

describe("a flood of cookieless requests", () => {
  it("leaves the users table bounded by the per-network cap", async () => {
    expect(usersCount()).toBe(0);
    const randomGroup = () => Math.floor(Math.random() * 0x10000).toString(16);
    const jobs = [
      ...Array.from({ length: READS }, (_, i) => ({
        kind: "read",
        path: i % 2 ? "/api/me" : "/api/conversations",
        ip: "203.0.113.50",
      })),
      ...Array.from({ length: WRITES }, () => ({ kind: "write", path: "/api/conversations", ip: "203.0.113.50" })),
      ...Array.from({ length: ROTATING_WRITES }, () => ({
        kind: "write",
        path: "/api/conversations",
        ip: `2001:db8:dead:beef:${randomGroup()}:${randomGroup()}:${randomGroup()}:${randomGroup()}`,
      })),
    ].sort(() => Math.random() - 0.5);
    const started = Date.now();
    const outcomes = await mapConcurrent(jobs, 50, async (job) => {
      const response = await fetch(`${stack.url}${job.path}`, {
        method: job.kind === "read" ? "GET" : "POST",
        headers: {
          "cf-connecting-ip": job.ip,
          "x-dev-country": "US",
          ...(job.kind === "write" ? { "content-type": "application/json" } : {}),
        },
        body: job.kind === "write" ? "{}" : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const body: unknown = await response.json().catch(() => null);
      return { kind: job.kind, status: response.status, body };
    });
    const elapsed = Date.now() - started;

    const tally = (kind: string) => {
      const counts: Record<number, number> = {};
      for (const outcome of outcomes.filter((candidate) => candidate.kind === kind)) {
        counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
      }
      return counts;
    };
    expect(tally("read")).toEqual({ 200: READS });
    // One IPv4 address and one IPv6 /64: each may create an hour's worth of visitors, every other write is a 429.
    const admitted = 2 * newIdentityLimits.perHour;
    expect(tally("write")).toEqual({ 201: admitted, 429: WRITES + ROTATING_WRITES - admitted });
    for (const refused of outcomes.filter((outcome) => outcome.status === 429)) {
      expect(refused.body).toMatchObject({ error: { code: "rate_limited", scope: "new_visitors" } });
    }
    expect(usersCount()).toBe(admitted);
    console.log(`${jobs.length} cookieless requests in ${elapsed} ms; users rows: ${usersCount()}`);
  });
});
