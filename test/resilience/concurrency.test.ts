// 200 streamed requests in flight at once: every one completes, carries its own tokens in order, and is
// metered exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { planAnswer } from "../../simulator/answer.ts";
import { mapConcurrent, readChatStream } from "../kit/resilience/chat-stream.ts";
import { type ResilienceStack, startResilienceStack } from "../kit/resilience/stack.ts";

const STREAMS = 200;
const ANSWER_TOKENS = 40;
const REASONING_TOKENS = 20;

let stack: ResilienceStack;
let key: { id: string; key: string };

beforeAll(async () => {
  // 40 tokens/s: each answer takes a second or more, so all 200 are truly in flight together.
  stack = await startResilienceStack({
    simulator: { tokensPerSecond: 40, answerTokens: ANSWER_TOKENS, reasoningTokens: REASONING_TOKENS },
  });
  key = await stack.createKey({ rpm: 1_000_000, tpm: 1_000_000_000 });
});

afterAll(async () => {
  await stack?.stop();
});

/** What the simulator answers to a prompt: the exact tokens a correct gateway must deliver, in order. */
function expected(prompt: string) {
  const messages = [{ role: "user", text: prompt }];
  return planAnswer({
    messages,
    model: "deepseek-reasoner",
    answerTokens: ANSWER_TOKENS,
    reasoningTokens: REASONING_TOKENS,
    maxTokens: null,
    unicode: false,
  });
}

describe("200 concurrent streamed requests", () => {
  it("all complete with their own tokens in order, and each is metered exactly once", async () => {
    const results = await mapConcurrent(
      Array.from({ length: STREAMS }, (_, i) => i),
      STREAMS,
      async (i) => {
        const prompt = `stream number ${i}`;
        const response = await fetch(`${stack.url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json", "x-dev-country": "US" },
          body: JSON.stringify({
            model: "deepseek-reasoner",
            messages: [{ role: "user", content: prompt }],
            stream: true,
          }),
          signal: AbortSignal.timeout(60_000),
        });
        const requestId = response.headers.get("x-request-id");
        const seen = await readChatStream(response);
        return { i, prompt, status: response.status, requestId, seen };
      },
    );

    for (const { prompt, status, requestId, seen } of results) {
      const plan = expected(prompt);
      expect({ prompt, status, done: seen.done, errors: seen.errors, malformed: seen.malformed }).toEqual({
        prompt,
        status: 200,
        done: true,
        errors: [],
        malformed: 0,
      });
      expect(requestId).toBeTruthy();
      expect(seen.reasoning.join("")).toBe(plan.reasoning.join(""));
      expect(seen.content.join("")).toBe(plan.content.join(""));
      expect(seen.finishReasons).toEqual(["stop"]);
    }

    // Usage rows are written off the critical path: wait (bounded) until all have landed, then check that
    // none is missing and none is doubled.
    const ids = results.map((r) => r.requestId ?? "");
    const usageRow = z.object({
      request_id: z.string(),
      n: z.number(),
      status: z.string(),
      completion_tokens: z.number(),
      reasoning_tokens: z.number(),
    });
    let rows: Array<z.infer<typeof usageRow>> = [];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      rows = stack.query(
        usageRow,
        "SELECT request_id, count(*) AS n, max(status) AS status, sum(completion_tokens) AS completion_tokens, sum(reasoning_tokens) AS reasoning_tokens FROM usage WHERE api_key_id = ? GROUP BY request_id",
        key.id,
      );
      if (rows.length >= STREAMS) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(rows.map((row) => row.request_id).sort()).toEqual([...ids].sort());
    expect(rows.filter((row) => row.n !== 1)).toEqual([]);
    for (const row of rows) {
      expect(row.status).toBe("complete");
      expect(row.reasoning_tokens).toBe(REASONING_TOKENS);
      expect(row.completion_tokens).toBe(ANSWER_TOKENS + REASONING_TOKENS);
    }
  });
});
