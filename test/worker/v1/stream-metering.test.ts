import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../../src/app.ts";
import { gpu } from "../../kit/worker/inference.ts";
import { createKey, sseEvents, type UsageRow, usageRow } from "../../kit/worker/v1.ts";

type Chunk = { choices: Array<{ finish_reason: string | null }>; usage?: Record<string, number> | null };

const messages = [
  { role: "system", content: "You are terse." },
  { role: "user", content: "Explain edge networks." },
];
const tokenColumns = ["prompt_tokens", "completion_tokens", "reasoning_tokens", "cache_hit_tokens"] as const;

/** DeepSeek as the partner plan's only provider, writing as the simulator options say. */
function deepseekOnly(options: string): Partial<Env> {
  return {
    DEEPSEEK_BASE_URL: `${env.SIMULATOR_URL}/label=metering-${crypto.randomUUID().slice(0, 8)},${options}`,
    GPU_POOL: "[]",
    ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["deepseek"] } } }),
  };
}

/** Sends one /v1 chat request through the Worker; `read` decides how much of the body the client takes. */
async function send(
  bindings: Partial<Env>,
  key: string,
  body: Record<string, unknown>,
  read: (response: Response) => Promise<string> = (response) => response.text(),
): Promise<{ text: string; row: UsageRow }> {
  const requestId = crypto.randomUUID();
  const ctx = createExecutionContext();
  const response = await app.request(
    "/v1/chat/completions",
    {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify({ model: "deepseek-reasoner", messages, ...body }),
    },
    { ...env, ...bindings },
    ctx,
  );
  const text = await read(response);
  await waitOnExecutionContext(ctx);
  return { text, row: await usageRow(requestId) };
}

const pick = (row: UsageRow) => Object.fromEntries(tokenColumns.map((column) => [column, row[column]]));

describe("a streamed /v1 answer is metered exactly, whatever the client asked and however the upstream writes", () => {
  for (const [writes, options] of [
    ["burst", "tokens=60,reasoning=40"],
    ["paced", "tokens=60,reasoning=40,tps=4000"],
    // Far longer than the part of a stream the meter reads event by event (its first and last kilobytes).
    ["long burst", "tokens=3000,reasoning=40"],
  ] as const) {
    for (const includeUsage of [false, true]) {
      it(`${writes} upstream, ${includeUsage ? "with" : "without"} include_usage: the row equals the non-streamed answer's`, async () => {
        const key = await createKey();
        const bindings = deepseekOnly(options);
        const plain = await send(bindings, key.key, {});
        const streamed = await send(bindings, key.key, {
          stream: true,
          ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
        });
        expect(streamed.row).toMatchObject({ status: "complete", estimated: 0 });
        expect(pick(streamed.row)).toEqual(pick(plain.row));
        expect(streamed.row.cost_micros).toBe(plain.row.cost_micros);
        expect(streamed.row.reasoning_tokens).toBe(40);
        expect(streamed.row.completion_tokens).toBe(writes === "long burst" ? 3040 : 100);
        // No chunk without a choice (a usage-only chunk breaks `chunk.choices[0].delta`); the usage DeepSeek
        // sends rides on the finish chunk and says what the row says.
        const chunks = sseEvents(streamed.text) as Chunk[];
        expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
        const last = chunks.at(-1);
        expect(last?.choices[0]?.finish_reason).toBe("stop");
        expect(last?.usage).toMatchObject({
          prompt_tokens: streamed.row.prompt_tokens,
          completion_tokens: streamed.row.completion_tokens,
        });
        expect(streamed.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
      });
    }
  }

  for (const includeUsage of [false, true]) {
    it(`a self-hosted server's stream ${includeUsage ? "with" : "without"} include_usage: exact, and a usage-only chunk only for a client that asked`, async () => {
      const key = await createKey();
      const bindings: Partial<Env> = {
        GPU_POOL: JSON.stringify([gpu("gpu-metering", `${env.SIMULATOR_URL}/label=gpu-metering,tokens=30`)]),
        ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["self-hosted"] } } }),
      };
      const plain = await send(bindings, key.key, { model: "deepseek-flash" });
      const streamed = await send(bindings, key.key, {
        model: "deepseek-flash",
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      });
      expect(streamed.row).toMatchObject({ provider: "self-hosted", status: "complete", estimated: 0 });
      expect(pick(streamed.row)).toEqual(pick(plain.row));
      const chunks = sseEvents(streamed.text) as Chunk[];
      const usageOnly = chunks.filter((chunk) => chunk.choices.length === 0);
      expect(usageOnly).toHaveLength(includeUsage ? 1 : 0);
      if (includeUsage) expect(usageOnly[0]?.usage).toMatchObject({ prompt_tokens: streamed.row.prompt_tokens });
    });
  }

  it("a client that stops reading mid-answer is metered once, as cancelled, with no more than was generated", async () => {
    const key = await createKey();
    const { row } = await send(
      deepseekOnly("tps=40,tokens=400,reasoning=0"),
      key.key,
      { stream: true, thinking: { type: "disabled" } },
      async (response) => {
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        await reader.read();
        await reader.cancel();
        return "";
      },
    );
    expect(row).toMatchObject({ status: "cancelled", estimated: 1 });
    expect(row.completion_tokens).toBeLessThan(400);
  });

  it("a client that stops reading after [DONE], as the openai SDK does, got the whole answer: complete and exact", async () => {
    const key = await createKey();
    const { text, row } = await send(
      deepseekOnly("tokens=30,reasoning=10,tps=4000"),
      key.key,
      { stream: true },
      async (response) => {
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        let seen = "";
        while (!seen.includes("data: [DONE]")) {
          const { done, value } = await reader.read();
          if (done) break;
          seen += decoder.decode(value, { stream: true });
        }
        await reader.cancel();
        return seen;
      },
    );
    expect(text).toContain("data: [DONE]");
    expect(row).toMatchObject({ status: "complete", estimated: 0, completion_tokens: 40, reasoning_tokens: 10 });
  });

  it("a long stream that breaks is estimated from what was forwarded, within 5% of the tokens the client got", async () => {
    const key = await createKey();
    const { text, row } = await send(deepseekOnly("tokens=3000,reasoning=0,fault=drop,dropafter=2000"), key.key, {
      stream: true,
      thinking: { type: "disabled" },
    });
    const received = (sseEvents(text) as Array<{ choices?: Array<{ delta?: { content?: string } }> }>).filter(
      (event) => event.choices?.[0]?.delta?.content,
    ).length;
    expect(received).toBeGreaterThan(1500);
    expect(row).toMatchObject({ status: "error", estimated: 1 });
    expect(Math.abs(row.completion_tokens - received) / received).toBeLessThan(0.05);
  });
});
