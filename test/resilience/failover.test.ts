// The primary provider fails half of all requests at random (500, 429, hang, drop before the first token);
// the self-hosted server is healthy. Clients must never see it, streamed or not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapConcurrent, readChatStream } from "../kit/resilience/chat-stream.ts";
import { type ResilienceStack, startResilienceStack } from "../kit/resilience/stack.ts";

const REQUESTS = 1_000;
const CONCURRENCY = 24;

let stack: ResilienceStack;
let key: string;

beforeAll(async () => {
  stack = await startResilienceStack({
    deepseek: "failrate=0.5",
    policy: {
      // A hang costs one first-token timeout; 1 s keeps the suite bounded (the default is 15 s).
      timeouts: { firstTokenMs: 1_000, completionMs: 3_000 },
      // With the breaker at its default the primary would be skipped after 3 failures and the fallback
      // path barely exercised; here every request tries the failing primary first.
      breaker: { failureThreshold: 1_000_000 },
    },
  });
  ({ key } = await stack.createKey({ rpm: 1_000_000, tpm: 1_000_000_000 }));
});

afterAll(async () => {
  await stack?.stop();
});

describe("a primary provider failing half of its requests at random", () => {
  it("costs clients nothing but latency: 1,000 requests, streamed and not, all answered", async () => {
    const outcomes = await mapConcurrent(
      Array.from({ length: REQUESTS }, (_, i) => i),
      CONCURRENCY,
      async (i) => {
        const stream = i % 2 === 0;
        const response = await fetch(`${stack.url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-dev-country": "US" },
          body: JSON.stringify({
            model: "deepseek-chat",
            messages: [{ role: "user", content: `request ${i}` }],
            stream,
            max_tokens: 16,
          }),
          signal: AbortSignal.timeout(30_000),
        });
        if (response.status !== 200) return `HTTP ${response.status}: ${await response.text()}`;
        if (stream) {
          const seen = await readChatStream(response);
          const ok =
            seen.done && seen.errors.length === 0 && seen.content.length > 0 && !seen.finishReasons.includes("error");
          return ok ? "ok" : `broken stream: ${JSON.stringify(seen)}`;
        }
        const body: unknown = await response.json();
        const text = JSON.stringify(body);
        return text.includes('"content":"') && !text.includes('"error"') ? "ok" : `bad completion: ${text}`;
      },
    );

    const failures = outcomes.filter((outcome) => outcome !== "ok");
    expect(failures.slice(0, 5)).toEqual([]);
    expect(failures).toHaveLength(0);

    // The faults really happened: about half of the primary's first attempts failed, the fallback answered.
    const stats = stack.simulator.stats();
    const primary = stats.byLabel.deepseek;
    const faults = Object.values(primary?.faults ?? {}).reduce((sum, n) => sum + n, 0);
    expect(primary?.requests ?? 0).toBeGreaterThanOrEqual(REQUESTS);
    expect(faults / (primary?.requests ?? 1)).toBeGreaterThan(0.35);
    expect(faults / (primary?.requests ?? 1)).toBeLessThan(0.65);
    expect(stats.byLabel["gpu-eu"]?.completed ?? 0).toBeGreaterThan(0);
  });
});
