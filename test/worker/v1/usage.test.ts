import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { defaultPolicy, parseRoutingPolicy } from "../../../src/inference/routing/policy.ts";
import { costMicros, isPeak, worstCaseMicros } from "../../../src/metering/price-table.ts";
import { recordUsage, utcDay } from "../../../src/metering/record-usage.ts";
import { callV1, createKey, type ErrorBody } from "../../kit/worker/v1.ts";

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
    const recordedAt = Date.now();
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
        model: "deepseek-flash",
        region: "global",
        simulated: true,
        publicModel: "deepseek-flash",
        substituteFor: null,
      },
      region: "global",
      usage,
      pricing: { policy: defaultPolicy, at: recordedAt },
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
        cost_micros: costMicros("deepseek-chat", "deepseek", usage, { policy: defaultPolicy, at: recordedAt }),
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
  const usage = {
    promptTokens: 1_000_000,
    completionTokens: 1_000_000,
    reasoningTokens: 0,
    cacheHitTokens: 400_000,
    cacheMissTokens: 600_000,
  };
  // Beijing time is UTC+8: 02:00 UTC on Monday 2026-11-30 is 10:00 in Beijing (peak), 04:30 UTC is 12:30 (off-peak).
  const peak = { policy: defaultPolicy, at: Date.parse("2026-11-30T02:00:00Z") };
  const lunch = { policy: defaultPolicy, at: Date.parse("2026-11-30T04:30:00Z") };

  it("charges cache hits, misses and output at DeepSeek's peak prices in Beijing's working hours", () => {
    // deepseek-flash at peak: $0.006 hit, $0.30 miss, $1.20 output per 1M tokens.
    expect(costMicros("deepseek-flash", "deepseek", usage, peak)).toBe(2_400 + 180_000 + 1_200_000);
    expect(costMicros("deepseek-flash", null, { ...usage, promptTokens: 1, completionTokens: 0 }, peak)).toBe(1);
  });

  it("charges half outside the peak windows: lunch, nights, weekends and Chinese public holidays", () => {
    const offPeak = 1_200 + 90_000 + 600_000;
    expect(costMicros("deepseek-flash", "deepseek", usage, lunch)).toBe(offPeak);
    const at = (iso: string) => ({ policy: defaultPolicy, at: Date.parse(iso) });
    expect(costMicros("deepseek-flash", "deepseek", usage, at("2026-11-30T11:00:00Z"))).toBe(offPeak); // 19:00
    expect(costMicros("deepseek-flash", "deepseek", usage, at("2026-11-28T02:00:00Z"))).toBe(offPeak); // Saturday
    expect(costMicros("deepseek-flash", "deepseek", usage, at("2026-10-01T02:00:00Z"))).toBe(offPeak); // National Day
    expect(costMicros("deepseek-flash", "deepseek", usage, at("2026-11-30T01:00:00Z"))).toBe(1_382_400); // 09:00
    expect(costMicros("deepseek-flash", "deepseek", usage, at("2026-11-30T03:59:00Z"))).toBe(1_382_400); // 11:59
    expect(isPeak(defaultPolicy.peakHours, Date.parse("2026-11-30T04:00:00Z"))).toBe(false); // 12:00
    expect(isPeak(defaultPolicy.peakHours, Date.parse("2026-11-30T06:00:00Z"))).toBe(true); // 14:00
  });

  it("prices the aliases as their model, and each provider by its own row", () => {
    expect(costMicros("deepseek-chat", "deepseek", usage, lunch)).toBe(
      costMicros("deepseek-flash", "deepseek", usage, lunch),
    );
    // Workers AI has no off-peak: its row is the peak price at any hour.
    expect(costMicros("deepseek-flash", "workers-ai", usage, lunch)).toBe(1_382_400);
    // DeepSeek serves (and bills) deepseek-v4-pro as Flash; Workers AI serves the real V4 Pro at its list price.
    expect(costMicros("deepseek-v4-pro", "deepseek", usage, peak)).toBe(1_382_400);
    expect(costMicros("deepseek-v4-pro", "workers-ai", usage, peak)).toBe(17_600 + 792_000 + 3_960_000);
  });

  it("takes prices and windows from ROUTING_POLICY", () => {
    const policy = parseRoutingPolicy(
      JSON.stringify({
        models: { "deepseek-flash": { prices: { default: { cacheHitInput: 1, cacheMissInput: 1, output: 1 } } } },
        peakHours: { weekdays: [1, 2, 3, 4, 5, 6, 7], windows: [["00:00", "24:00"]] },
      }),
    );
    expect(costMicros("deepseek-flash", "deepseek", usage, { policy, at: lunch.at })).toBe(2_000_000);
  });

  it("reserves a budget at the dearest provider's price in the window in force when the request starts", () => {
    expect(worstCaseMicros("deepseek-flash", 1_000_000, 1_000_000, peak)).toBe(300_000 + 1_200_000);
    expect(worstCaseMicros("deepseek-flash", 1_000_000, 1_000_000, lunch)).toBe(300_000 + 1_200_000); // Workers AI
    expect(worstCaseMicros("deepseek-v4-pro", 1_000_000, 1_000_000, lunch)).toBe(1_320_000 + 3_960_000);
  });
});
