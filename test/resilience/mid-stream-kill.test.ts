// The upstream dies in the middle of an answer. Documented outcome (src/inference/proxy.ts, docs/site-api.md):
// /v1 ends the stream with a chunk whose finish_reason is "error", an `error` event and [DONE]; the chat site
// ends the turn with status "error", keeps the partial text, and both are metered exactly once (estimated).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { readChatStream } from "../kit/resilience/chat-stream.ts";
import { createVisitor, openLive } from "../kit/resilience/site.ts";
import { type ResilienceStack, startResilienceStack } from "../kit/resilience/stack.ts";

const ANSWER_TOKENS = 100;

let stack: ResilienceStack;

beforeAll(async () => {
  // 20 tokens/s: the answer would take 5 s, so the kill lands well inside it.
  stack = await startResilienceStack({ simulator: { tokensPerSecond: 20, answerTokens: ANSWER_TOKENS } });
});

afterAll(async () => {
  await stack?.stop();
});

/** Polls a D1 query (bounded) until it returns at least one row, then once more to catch a late duplicate. */
async function settledRows<T>(read: () => T[]): Promise<T[]> {
  const deadline = Date.now() + 15_000;
  let rows = read();
  while (rows.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    rows = read();
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return read();
}

const usageRow = z.object({ status: z.string(), estimated: z.number(), completion_tokens: z.number() });
const conversationSchema = z.object({ id: z.string() });
const openedSchema = z.object({
  messages: z.array(z.object({ role: z.string(), status: z.string(), content: z.string() })),
});

describe("the upstream killed mid-stream", () => {
  it("/v1: the stream ends with an explicit error, and the request is metered once, as an estimate", async () => {
    const { id: keyId, key } = await stack.createKey({ rpm: 1_000, tpm: 10_000_000 });
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-dev-country": "US" },
      body: JSON.stringify({ model: "deepseek-chat", messages: [{ role: "user", content: "kill me" }], stream: true }),
      signal: AbortSignal.timeout(60_000),
    });
    expect(response.status).toBe(200);
    let killed: Promise<void> | null = null;
    const seen = await readChatStream(response, (count) => {
      if (count >= 5 && killed === null) killed = stack.simulator.close();
    });
    await killed;

    expect(seen.content.length).toBeGreaterThanOrEqual(5);
    expect(seen.content.length).toBeLessThan(ANSWER_TOKENS);
    expect(seen.finishReasons).toContain("error");
    expect(seen.errors).toHaveLength(1);
    expect(seen.done).toBe(true);

    const rows = await settledRows(() =>
      stack.query(usageRow, "SELECT status, estimated, completion_tokens FROM usage WHERE api_key_id = ?", keyId),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).not.toBe("complete");
    expect(rows[0]?.estimated).toBe(1);
    await stack.reviveSimulator();
  });

  it("chat site: the turn ends as an error, the partial answer is stored once and metered once", async () => {
    const visitor = await createVisitor(stack.url);
    const headers = { cookie: visitor.cookie, "content-type": "application/json", "x-dev-country": "US" };
    const created = await fetch(`${stack.url}/api/conversations`, { method: "POST", headers, body: "{}" });
    const conversation = conversationSchema.parse(await created.json());
    const live = await openLive(stack.url, conversation.id, visitor);
    try {
      const sent = await fetch(`${stack.url}/api/conversations/${conversation.id}/messages`, {
        method: "POST",
        headers,
        body: JSON.stringify({ content: "kill me too", model: "deepseek-chat" }),
      });
      expect(sent.status).toBe(202);
      await live.waitFor(() => live.events.filter((event) => event.type === "text-delta").length >= 5);
      await stack.simulator.close();
      const end = await live.waitFor((event) => event.type === "turn-end");
      expect(end.status).toBe("error");
      const streamed = live.events
        .filter((event) => event.type === "text-delta")
        .map((event) => String(event.text))
        .join("");

      const opened = await fetch(`${stack.url}/api/conversations/${conversation.id}`, { headers });
      const body = openedSchema.parse(await opened.json());
      const answers = body.messages.filter((message) => message.role === "assistant");
      expect(answers).toHaveLength(1);
      expect(answers[0]?.status).toBe("error");
      expect(answers[0]?.content).toBe(streamed);
      expect(streamed.length).toBeGreaterThan(0);

      const rows = await settledRows(() =>
        stack.query(
          usageRow,
          "SELECT status, estimated, completion_tokens FROM usage WHERE user_id = ?",
          visitor.userId,
        ),
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.estimated).toBe(1);
    } finally {
      live.close();
      await stack.reviveSimulator();
    }
  });
});
