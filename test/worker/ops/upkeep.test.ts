import {
  createExecutionContext,
  createScheduledController,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseRetention } from "../../../src/config/retention.ts";
import {
  loadConversation,
  loadResponse,
  retentionMs,
  saveResponse,
} from "../../../src/formats/responses/response-store.ts";
import worker from "../../../src/index.ts";
import { type UsageRecordInput, usageInsertMany } from "../../../src/metering/record-usage.ts";
import { dueConversations } from "../../../src/upkeep/retention.ts";
import { ttftBin } from "../../../src/upkeep/ttft-histogram.ts";
import { adminHeaders } from "../../kit/constants.ts";
import { base } from "../../kit/worker/v1.ts";

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** `count` usage rows spread over the hours after `start`, across surfaces, keys, sites, models and providers. */
function usageRows(start: number, hours: number, count: number, seed: number): UsageRecordInput[] {
  const next = random(seed);
  const pick = <T>(values: T[]) => values[Math.floor(next() * values.length)] as T;
  return Array.from({ length: count }, (_, index) => {
    const surface = pick(["site", "widget", "api"]);
    const provider = pick(["deepseek", "workers-ai", "self-hosted", null] as const);
    const prompt = Math.floor(next() * 5_000);
    const cached = Math.floor(prompt * next());
    return {
      requestId: `rollup-${seed}-${index}`,
      apiKeyId: surface === "api" ? pick(["key_a", "key_b"]) : null,
      siteId: surface === "widget" ? pick(["site_a", "site_b"]) : null,
      userId: surface === "api" ? null : `user-${index % 7}`,
      model: pick(["deepseek-chat", "deepseek-reasoner"]),
      served:
        provider === null
          ? null
          : {
              provider,
              targetId: provider,
              model: "m",
              publicModel: "deepseek-flash",
              substituteFor: null,
              region: "eu",
              simulated: true,
            },
      region: "eu",
      usage: {
        promptTokens: prompt,
        completionTokens: Math.floor(next() * 2_000),
        reasoningTokens: Math.floor(next() * 500),
        cacheHitTokens: cached,
        cacheMissTokens: prompt - cached,
      },
      estimated: next() < 0.1,
      ttftMs: next() < 0.15 ? null : Math.floor(next() ** 3 * 20_000),
      totalMs: 5_000,
      status: pick(["complete", "complete", "complete", "stopped", "error", "cancelled"]),
      at: start + Math.floor(next() * hours * hourMs),
    };
  });
}

async function insert(rows: UsageRecordInput[]): Promise<void> {
  for (let index = 0; index < rows.length; index += 200)
    await usageInsertMany(env.DB, rows.slice(index, index + 200)).run();
}

const measures = `COUNT(*) AS requests, SUM(status = 'error') AS errors, SUM(estimated) AS estimated,
  SUM(prompt_tokens) AS prompt, SUM(cache_hit_tokens) AS cached, SUM(completion_tokens) AS completion,
  SUM(reasoning_tokens) AS reasoning, SUM(cost_micros) AS cost, COUNT(ttft_ms) AS ttft_count, COALESCE(SUM(ttft_ms), 0) AS ttft_sum`;
const rollupMeasures = `SUM(requests) AS requests, SUM(errors) AS errors, SUM(estimated) AS estimated,
  SUM(prompt_tokens) AS prompt, SUM(cached_tokens) AS cached, SUM(completion_tokens) AS completion,
  SUM(reasoning_tokens) AS reasoning, SUM(cost_micros) AS cost, SUM(ttft_count) AS ttft_count, SUM(ttft_sum_ms) AS ttft_sum`;
const surface = `CASE WHEN api_key_id IS NOT NULL THEN 'api' WHEN site_id IS NOT NULL THEN 'widget' ELSE 'site' END`;

async function rows(sql: string, ...values: unknown[]): Promise<Record<string, unknown>[]> {
  const { results } = await env.DB.prepare(sql)
    .bind(...values)
    .all<Record<string, unknown>>();
  return results;
}

/** Runs the Worker's scheduled handler for one cron expression at a given time, as Cloudflare would. */
async function runCron(cron: string, scheduledTime: number): Promise<void> {
  const controller = createScheduledController({ cron, scheduledTime });
  const context = createExecutionContext();
  await worker.scheduled(controller, env, context);
  await waitOnExecutionContext(context);
}

describe("scheduled upkeep: usage rollups", () => {
  it("hourly and daily rollups equal the raw usage rows, per hour, day, surface, key, site, model and provider", async () => {
    const start = Date.UTC(2021, 2, 3, 21);
    const raw = usageRows(start, 6, 600, 7);
    await insert(raw);
    // The daily run at 03:23 two days later recomputes the two previous days from raw rows.
    await runCron("23 3 * * *", Date.UTC(2021, 2, 5, 3, 23));

    const dims = `surface, COALESCE(api_key_id, '') AS k, COALESCE(site_id, '') AS s, model, COALESCE(provider, '') AS p`;
    const rollupDims = `surface, api_key_id AS k, site_id AS s, model, provider AS p`;
    const range = [start, start + 6 * hourMs];
    const rawHourly = await rows(
      `SELECT strftime('%Y-%m-%dT%H', created_at / 1000, 'unixepoch') AS bucket, ${dims.replace("surface", `${surface} AS surface`)}, ${measures}
       FROM usage WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      ...range,
    );
    const hourly = await rows(
      `SELECT bucket, ${rollupDims}, ${rollupMeasures} FROM usage_hourly WHERE bucket >= ? AND bucket < ?
       GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      "2021-03-03T21",
      "2021-03-04T03",
    );
    expect(rawHourly.length).toBeGreaterThan(50);
    expect(hourly).toEqual(rawHourly);

    const rawDaily = await rows(
      `SELECT date(created_at / 1000, 'unixepoch') AS bucket, ${dims.replace("surface", `${surface} AS surface`)}, ${measures}
       FROM usage WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      ...range,
    );
    const daily = await rows(
      `SELECT bucket, ${rollupDims}, ${rollupMeasures} FROM usage_daily WHERE bucket IN ('2021-03-03', '2021-03-04')
       GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
    );
    expect(daily).toEqual(rawDaily);

    // Time to first token: every row with one is in exactly the bin its value belongs to.
    const histograms = await rows(
      `SELECT ttft_histogram FROM usage_daily WHERE bucket IN ('2021-03-03', '2021-03-04')`,
    );
    const binned: number[] = [];
    for (const { ttft_histogram } of histograms) {
      (JSON.parse(String(ttft_histogram)) as number[]).forEach((count, bin) => {
        binned[bin] = (binned[bin] ?? 0) + count;
      });
    }
    const expected: number[] = [];
    for (const row of raw)
      if (row.ttftMs !== null) expected[ttftBin(row.ttftMs)] = (expected[ttftBin(row.ttftMs)] ?? 0) + 1;
    expect(binned.map((count) => count ?? 0)).toEqual(Array.from(expected, (count) => count ?? 0));
  });

  it("a rerun changes nothing, and a late row is counted once its hour is recomputed", async () => {
    const start = Date.UTC(2021, 5, 10, 8);
    await insert(usageRows(start, 2, 100, 11));
    const now = start + 2 * hourMs + 60_000;
    await runCron("7 * * * *", now);
    const before = await rows(`SELECT * FROM usage_hourly WHERE bucket LIKE '2021-06-10T%' ORDER BY 1, 2, 3, 4, 5, 6`);
    await runCron("7 * * * *", now);
    expect(await rows(`SELECT * FROM usage_hourly WHERE bucket LIKE '2021-06-10T%' ORDER BY 1, 2, 3, 4, 5, 6`)).toEqual(
      before,
    );

    const [late] = usageRows(start, 1, 1, 12);
    // Finished in the second hour, written after its rollup ran: the next hourly run still covers that hour.
    await insert([{ ...late!, requestId: "late-row", at: start + hourMs + 1000, status: "complete" }]);
    await runCron("7 * * * *", now + hourMs);
    const day = await rows(`SELECT SUM(requests) AS n FROM usage_daily WHERE bucket = '2021-06-10'`);
    const raw = await rows(
      `SELECT COUNT(*) AS n FROM usage WHERE created_at >= ? AND created_at < ?`,
      start,
      start + dayMs,
    );
    expect(day).toEqual(raw);
  });

  it("the usage report and CSV export read the rollups: totals match the raw rows", async () => {
    const start = Date.UTC(2021, 8, 1);
    await insert(usageRows(start, 48, 300, 21));
    await runCron("23 3 * * *", Date.UTC(2021, 8, 3, 3, 23));
    const [raw] = await rows(
      `SELECT COUNT(*) AS requests, SUM(prompt_tokens) AS promptTokens, SUM(cost_micros) AS spendMicros, SUM(status = 'error') AS errors
       FROM usage WHERE created_at >= ? AND created_at < ?`,
      start,
      start + 2 * dayMs,
    );
    const response = await exports.default.fetch(`${base}/admin/api/usage?group=day&start=2021-09-01&end=2021-09-02`, {
      headers: adminHeaders,
    });
    expect(response.status).toBe(200);
    const report = await response.json<{
      data: Array<{ bucket: string; requests: number }>;
      totals: Record<string, number> & { bySurface: Record<string, { requests: number }> };
    }>();
    expect(report.data.map((bucket) => bucket.bucket)).toEqual(["2021-09-01", "2021-09-02"]);
    expect(report.totals).toMatchObject(raw!);
    const surfaces = Object.values(report.totals.bySurface).reduce((sum, metrics) => sum + metrics.requests, 0);
    expect(surfaces).toBe(raw!.requests);
    expect(report.totals.ttftP50Ms).toBeGreaterThan(0);
    expect(report.totals.ttftP95Ms).toBeGreaterThanOrEqual(report.totals.ttftP50Ms as number);

    const byKey = await exports.default.fetch(`${base}/admin/api/usage?group=key&start=2021-09-01&end=2021-09-02`, {
      headers: adminHeaders,
    });
    const keys = await byKey.json<{ data: Array<{ bucket: string }> }>();
    expect(keys.data.map((bucket) => bucket.bucket).sort()).toEqual(["key_a", "key_b", "none"]);

    const csv = await exports.default.fetch(`${base}/admin/api/usage.csv?start=2021-09-01&end=2021-09-02`, {
      headers: adminHeaders,
    });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^bucket,surface,api_key_id,site_id,model,provider,requests,/);
    const requests = lines.slice(1).reduce((sum, line) => sum + Number(line.split(",")[6]), 0);
    expect(requests).toBe(raw!.requests);
  });

  it("refuses a bad report query with a 400 naming the field", async () => {
    for (const query of [
      "group=week",
      "start=yesterday",
      "start=2021-09-05&end=2021-09-01",
      "group=hour&start=2021-01-01&end=2021-12-01",
    ]) {
      const response = await exports.default.fetch(`${base}/admin/api/usage?${query}`, { headers: adminHeaders });
      expect(response.status, query).toBe(400);
    }
  });
});

describe("scheduled upkeep: retention and cleanup", () => {
  it("deletes exactly the conversations idle past their plan's retention, with their Durable Object storage", async () => {
    const now = Date.UTC(2031, 0, 1, 3, 23);
    const id = (name: string) => `ret-${name}-${crypto.randomUUID().slice(0, 8)}`;
    const free = id("free-user");
    const pro = id("pro-user");
    // Defaults: 90 days for every plan (RETENTION_DAYS unset in tests).
    const conversations = [
      { id: id("free-91d"), user: free, idleDays: 91, due: true },
      { id: id("free-89d"), user: free, idleDays: 89, due: false },
      { id: id("pro-120d"), user: pro, idleDays: 120, due: true },
      { id: id("pro-1d"), user: pro, idleDays: 1, due: false },
    ];
    await env.DB.batch([
      env.DB.prepare("INSERT INTO users (id, plan, created_at) VALUES (?, 'free', ?)").bind(free, now - 400 * dayMs),
      env.DB.prepare("INSERT INTO users (id, plan, created_at) VALUES (?, 'pro', ?)").bind(pro, now - 400 * dayMs),
      ...conversations.flatMap((conversation) => [
        env.DB.prepare("INSERT INTO conversations (id, user_id, title, updated_at) VALUES (?, ?, 't', ?)").bind(
          conversation.id,
          conversation.user,
          now - conversation.idleDays * dayMs,
        ),
        env.DB.prepare(
          "INSERT INTO messages (id, conversation_id, role, content) VALUES (?, ?, 'user', 'old words')",
        ).bind(`m-${conversation.id}`, conversation.id),
      ]),
    ]);
    for (const conversation of conversations) {
      await runInDurableObject(env.CHAT_SESSION.getByName(conversation.id), async (_instance, state) => {
        await state.storage.put("log", "kept until retention");
      });
    }
    // Every other conversation in this test database is newer (tests run now, this clock is in 2031).
    const others = await rows(
      "SELECT id FROM conversations WHERE updated_at < ? AND id NOT LIKE 'ret-%'",
      now - 90 * dayMs,
    );

    await runCron("23 3 * * *", now);

    for (const conversation of conversations) {
      const left = await rows(
        "SELECT (SELECT COUNT(*) FROM conversations WHERE id = ?1) + (SELECT COUNT(*) FROM messages WHERE conversation_id = ?1) AS n",
        conversation.id,
      );
      const stored = await runInDurableObject(
        env.CHAT_SESSION.getByName(conversation.id),
        async (_instance, state) => (await state.storage.list()).size,
      );
      expect({ id: conversation.id, rows: left[0]?.n, stored }).toEqual({
        id: conversation.id,
        rows: conversation.due ? 0 : 2,
        stored: conversation.due ? 0 : 1,
      });
    }
    const state = await rows("SELECT detail FROM upkeep_state WHERE job = 'daily'");
    expect(JSON.parse(String(state[0]?.detail))).toMatchObject({ conversationsDeleted: 2 + others.length });
  });

  it("applies RETENTION_DAYS per plan: 0 keeps a plan's conversations forever, unlisted plans get the default", async () => {
    const policy = parseRetention('{"free":30,"pro":0,"default":60}');
    expect(policy).toEqual({ defaultDays: 60, plans: { free: 30, pro: null } });
    expect(parseRetention("14")).toEqual({ defaultDays: 14, plans: {} });
    for (const bad of ["-1", "1.5", '{"Free":3}', "ninety", '{"free":"30"}'])
      expect(() => parseRetention(bad), bad).toThrow();

    const now = Date.UTC(2035, 0, 1);
    const tag = crypto.randomUUID().slice(0, 8);
    const cases = [
      { plan: "free", idleDays: 31, due: true },
      { plan: "free", idleDays: 29, due: false },
      { plan: "pro", idleDays: 3_000, due: false },
      { plan: "team", idleDays: 61, due: true },
      { plan: "team", idleDays: 59, due: false },
    ];
    await env.DB.batch(
      cases.flatMap((item, index) => [
        env.DB.prepare("INSERT INTO users (id, plan) VALUES (?, ?)").bind(`pp-${tag}-${index}`, item.plan),
        env.DB.prepare("INSERT INTO conversations (id, user_id, title, updated_at) VALUES (?, ?, 't', ?)").bind(
          `pp-${tag}-${index}`,
          `pp-${tag}-${index}`,
          now - item.idleDays * dayMs,
        ),
      ]),
    );
    const due = (await dueConversations(env.DB, policy, now, 100_000)).filter((id) => id.startsWith(`pp-${tag}`));
    expect(due.sort()).toEqual(cases.flatMap((item, index) => (item.due ? [`pp-${tag}-${index}`] : [])));
  });

  it("removes visitors who hold nothing once past the grace period, never a paying or recent one, and revoked shares", async () => {
    const now = Date.UTC(2031, 5, 1, 3, 23);
    const old = now - 30 * dayMs;
    const tag = crypto.randomUUID().slice(0, 8);
    await env.DB.batch([
      env.DB.prepare("INSERT INTO users (id, plan, created_at) VALUES (?, 'free', ?)").bind(`empty-old-${tag}`, old),
      env.DB.prepare("INSERT INTO users (id, plan, created_at) VALUES (?, 'free', ?)").bind(
        `empty-new-${tag}`,
        now - 1000,
      ),
      env.DB.prepare("INSERT INTO users (id, plan, created_at) VALUES (?, 'pro', ?)").bind(`paying-${tag}`, old),
      env.DB.prepare("INSERT INTO users (id, plan, created_at) VALUES (?, 'free', ?)").bind(`chatting-${tag}`, old),
      env.DB.prepare("INSERT INTO conversations (id, user_id, title, updated_at) VALUES (?, ?, 't', ?)").bind(
        `conv-${tag}`,
        `chatting-${tag}`,
        now,
      ),
      env.DB.prepare(
        "INSERT INTO shares (id, conversation_id, user_id, title, snapshot, revoked_at) VALUES (?, ?, ?, 't', '[]', ?)",
      ).bind(`revoked-${tag}`, `conv-${tag}`, `chatting-${tag}`, now - 1000),
      env.DB.prepare(
        "INSERT INTO shares (id, conversation_id, user_id, title, snapshot) VALUES (?, ?, ?, 't', '[]')",
      ).bind(`live-${tag}`, `conv-${tag}`, `chatting-${tag}`),
    ]);
    await runCron("23 3 * * *", now);
    const users = await rows("SELECT id FROM users WHERE id LIKE ? ORDER BY id", `%-${tag}`);
    expect(users.map((row) => row.id)).toEqual([`chatting-${tag}`, `empty-new-${tag}`, `paying-${tag}`]);
    const shares = await rows("SELECT id FROM shares WHERE id LIKE ?", `%-${tag}`);
    expect(shares.map((row) => row.id)).toEqual([`live-${tag}`]);
    const detail = JSON.parse(String((await rows("SELECT detail FROM upkeep_state WHERE job = 'daily'"))[0]?.detail));
    expect(detail.database.bytes).toBeGreaterThan(0);
    expect(detail.database.warning).toBe(false);
  });

  it("deletes stored Responses and their item index once past their 30 days, and keeps younger ones", async () => {
    const now = Date.UTC(2031, 6, 1, 3, 23);
    const tag = crypto.randomUUID().slice(0, 8);
    await saveResponse(env.DB, `key-${tag}`, nativeTurn(`resp_old_${tag}`, null, "hi"), now - retentionMs - dayMs);
    await saveResponse(env.DB, `key-${tag}`, nativeTurn(`resp_new_${tag}`, null, "hi"), now - retentionMs + dayMs);
    await runCron("23 3 * * *", now);
    const responses = await rows("SELECT id FROM stored_responses WHERE api_key_id = ?", `key-${tag}`);
    expect(responses.map((row) => row.id)).toEqual([`resp_new_${tag}`]);
    const items = await rows("SELECT item_id FROM stored_response_items WHERE api_key_id = ?", `key-${tag}`);
    expect(items.map((row) => row.item_id)).toEqual([`msg_ds_resp_new_${tag}`]);
    expect(await loadResponse(env.DB, `key-${tag}`, `resp_new_${tag}`, now)).not.toBeNull();
  });

  it("keeps a stored conversation whole: continuing a response keeps every one before it as long", async () => {
    const start = Date.UTC(2031, 7, 1, 9);
    const tag = crypto.randomUUID().slice(0, 8);
    const key = `key-${tag}`;
    await saveResponse(env.DB, key, nativeTurn(`resp_a_${tag}`, null, "a"), start);
    await saveResponse(env.DB, key, nativeTurn(`resp_b_${tag}`, `resp_a_${tag}`, "b"), start + 20 * dayMs);
    // Past the first response's own 30 days, but not the second's: the daily cleanup keeps both, and their items.
    const later = start + 35 * dayMs;
    await runCron("23 3 * * *", later);
    const loaded = await loadConversation(env.DB, key, `resp_b_${tag}`, later);
    expect(loaded).toEqual({
      found: true,
      messages: [
        { role: "user", content: "a" },
        { role: "assistant", content: "re: a" },
        { role: "user", content: "b" },
        { role: "assistant", content: "re: b" },
      ],
    });
    const items = await rows("SELECT item_id FROM stored_response_items WHERE api_key_id = ? ORDER BY item_id", key);
    expect(items.map((row) => row.item_id)).toEqual([`msg_ds_resp_a_${tag}`, `msg_ds_resp_b_${tag}`]);
    // Past the second's 30 days as well, both go.
    await runCron("23 3 * * *", start + 52 * dayMs);
    expect(await rows("SELECT id FROM stored_responses WHERE api_key_id = ?", key)).toEqual([]);
    expect(await loadConversation(env.DB, key, `resp_b_${tag}`, start + 52 * dayMs)).toEqual({
      found: false,
      reason: "missing",
    });
  });
});

/** A natively served answer to `text` (DeepSeek's own item id, so it is indexed for item_reference), as stored. */
function nativeTurn(id: string, previousId: string | null, text: string) {
  return {
    response: {
      id,
      model: "deepseek-chat",
      status: "completed",
      store: true,
      output: [
        {
          type: "message",
          id: `msg_ds_${id}`,
          role: "assistant",
          content: [{ type: "output_text", text: `re: ${text}`, annotations: [] }],
        },
      ],
    },
    previousId,
    input: [{ role: "user" as const, content: text }],
  };
}
