import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { costMicros } from "../../../src/metering/price-table.ts";
import { recordUsage, utcDay } from "../../../src/metering/record-usage.ts";
import { callV1, createKey, type ErrorBody } from "./helpers.ts";

type Report = { object: "list"; start: string; end: string; data: Array<Record<string, number | string>> };

async function insertRow(
  apiKeyId: string,
  day: string,
  model: string,
  tokens: { prompt: number; completion: number; hit: number; reasoning?: number },
) {
  await env.DB.prepare(
    `INSERT INTO usage (id, request_id, api_key_id, day, model, provider, prompt_tokens, completion_tokens, reasoning_tokens,
       cache_hit_tokens, cache_miss_tokens, cost_micros, status) VALUES (?, ?, ?, ?, ?, 'deepseek', ?, ?, ?, ?, ?, ?, 'complete')`,
  )
    .bind(
      crypto.randomUUID(),
      crypto.randomUUID(),
      apiKeyId,
      day,
      model,
      tokens.prompt,
      tokens.completion,
      tokens.reasoning ?? 0,
      tokens.hit,
      tokens.prompt - tokens.hit,
      tokens.prompt + tokens.completion,
    )
    .run();
}

describe("GET /v1/usage", () => {
  it("aggregates this key's usage by day and model, and only this key's", async () => {
    const key = await createKey();
    const other = await createKey();
    await insertRow(key.id, "2026-03-01", "deepseek-chat", { prompt: 100, completion: 10, hit: 40 });
    await insertRow(key.id, "2026-03-01", "deepseek-chat", { prompt: 50, completion: 5, hit: 0 });
    await insertRow(key.id, "2026-03-01", "deepseek-reasoner", { prompt: 10, completion: 90, hit: 0, reasoning: 60 });
    await insertRow(key.id, "2026-03-02", "deepseek-chat", { prompt: 7, completion: 3, hit: 0 });
    await insertRow(key.id, "2026-03-05", "deepseek-chat", { prompt: 1, completion: 1, hit: 0 });
    await insertRow(other.id, "2026-03-01", "deepseek-chat", { prompt: 999, completion: 999, hit: 0 });

    const response = await callV1("/usage?start=2026-03-01&end=2026-03-02", key.key);
    expect(response.status).toBe(200);
    const report = await response.json<Report>();
    expect(report).toMatchObject({ object: "list", start: "2026-03-01", end: "2026-03-02" });
    expect(report.data).toEqual([
      {
        day: "2026-03-01",
        model: "deepseek-chat",
        requests: 2,
        prompt_tokens: 150,
        completion_tokens: 15,
        reasoning_tokens: 0,
        cache_hit_tokens: 40,
        cache_miss_tokens: 110,
        cost_micros: 165,
        cost_usd: 0.000165,
      },
      expect.objectContaining({ day: "2026-03-01", model: "deepseek-reasoner", requests: 1, reasoning_tokens: 60 }),
      expect.objectContaining({ day: "2026-03-02", model: "deepseek-chat", requests: 1, prompt_tokens: 7 }),
    ]);
  });

  it("defaults to this month so far, and includes rows written by recordUsage", async () => {
    const key = await createKey();
    const usage = {
      promptTokens: 1200,
      completionTokens: 300,
      reasoningTokens: 0,
      cacheHitTokens: 1000,
      cacheMissTokens: 200,
    };
    const input = {
      requestId: crypto.randomUUID(),
      apiKeyId: key.id,
      model: "deepseek-chat",
      served: {
        provider: "deepseek" as const,
        targetId: "deepseek",
        model: "deepseek-chat",
        region: "global",
        simulated: true,
      },
      region: "global",
      usage,
      estimated: false,
      ttftMs: 12,
      totalMs: 80,
      status: "complete",
    };
    await recordUsage(env.DB, input);
    await recordUsage(env.DB, input); // the same request again: still one row
    const report = await (await callV1("/usage", key.key)).json<Report>();
    expect(report.end).toBe(utcDay(Date.now()));
    expect(report.data).toEqual([
      expect.objectContaining({
        requests: 1,
        prompt_tokens: 1200,
        cache_hit_tokens: 1000,
        cost_micros: costMicros("deepseek-chat", "deepseek", usage),
      }),
    ]);
  });

  const bad: Array<[string, string]> = [
    ["start=2026-13-01", "start"],
    ["end=yesterday", "end"],
    ["start=2026-03-05&end=2026-03-01", "start"],
    ["start=2024-01-01&end=2026-01-01", "start"],
  ];
  for (const [query, param] of bad) {
    it(`?${query} → 400 naming ${param}`, async () => {
      const key = await createKey();
      const response = await callV1(`/usage?${query}`, key.key);
      expect(response.status).toBe(400);
      const { error } = await response.json<ErrorBody>();
      expect(error).toMatchObject({ type: "invalid_request_error", param });
    });
  }
});

describe("price table", () => {
  it("charges cache hits, misses and output at the model's prices, rounding up to whole micro-dollars", () => {
    const usage = {
      promptTokens: 1_000_000,
      completionTokens: 1_000_000,
      reasoningTokens: 0,
      cacheHitTokens: 400_000,
      cacheMissTokens: 600_000,
    };
    expect(costMicros("deepseek-chat", "deepseek", usage)).toBe(28_000 + 162_000 + 1_100_000);
    expect(
      costMicros("deepseek-chat", null, {
        ...usage,
        promptTokens: 1,
        completionTokens: 0,
        cacheHitTokens: 0,
        cacheMissTokens: 1,
      }),
    ).toBe(1);
  });
});
