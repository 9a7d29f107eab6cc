// A burst far over a key's limit: the limit is exact however many requests race for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isObject, mapConcurrent } from "../kit/resilience/chat-stream.ts";
import { type ResilienceStack, startResilienceStack } from "../kit/resilience/stack.ts";

const BURST = 1_000;
const LIMIT = 50;

let stack: ResilienceStack;
let key: string;

beforeAll(async () => {
  stack = await startResilienceStack();
  ({ key } = await stack.createKey({ rpm: LIMIT }));
});

afterAll(async () => {
  await stack?.stop();
});

describe("a burst of 1,000 requests against a key limited to 50 per minute", () => {
  it("admits exactly 50 and refuses the rest with 429, retry-after and OpenAI's error shape", async () => {
    const started = Date.now();
    const outcomes = await mapConcurrent(
      Array.from({ length: BURST }, (_, i) => i),
      100,
      async (i) => {
        const response = await fetch(`${stack.url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-dev-country": "US" },
          body: JSON.stringify({
            model: "deepseek-chat",
            messages: [{ role: "user", content: `burst ${i}` }],
            max_tokens: 4,
          }),
          signal: AbortSignal.timeout(30_000),
        });
        const body: unknown = await response.json().catch(() => null);
        return { status: response.status, retryAfter: response.headers.get("retry-after"), body };
      },
    );
    // The window is a minute: the whole burst must fit in it for "exactly 50" to be the right answer.
    expect(Date.now() - started).toBeLessThan(55_000);

    const statuses = new Map<number, number>();
    for (const { status } of outcomes) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 200: LIMIT, 429: BURST - LIMIT });
    for (const refused of outcomes.filter((outcome) => outcome.status === 429)) {
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      const error = isObject(refused.body) ? refused.body.error : undefined;
      expect(error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
      expect(isObject(error) && "code" in error && "param" in error).toBe(true);
    }
  });
});
