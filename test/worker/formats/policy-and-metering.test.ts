import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../../src/app.ts";
import { simulator, statsFor, uniqueLabel } from "../../kit/worker/inference.ts";
import { plainModel } from "../../kit/worker/models.ts";
import { base, createKey, type UsageRow, usageRow } from "../../kit/worker/v1.ts";

/** Runs one request through the app with modified bindings, waiting for its metering to finish. */
async function call(path: string, bindings: Partial<Env>, key: string, body: unknown, headers: Record<string, string>) {
  const ctx = createExecutionContext();
  const response = await app.request(
    `/v1${path}`,
    {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    },
    { ...env, ...bindings },
    ctx,
  );
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, text };
}

const hello = "Say hello to the edge.";
const messagesBody = { model: plainModel, max_tokens: 40, messages: [{ role: "user", content: hello }] };

describe("/v1/messages and /v1/responses keep the partner API's policies", () => {
  it("a visitor in the EU is never served by DeepSeek through /v1/messages, streamed or not", async () => {
    const key = await createKey();
    for (const stream of [false, true]) {
      const requestId = crypto.randomUUID();
      const response = await exports.default.fetch(`${base}/v1/messages`, {
        method: "POST",
        headers: {
          "x-api-key": key.key,
          "content-type": "application/json",
          "x-dev-country": "DE",
          "x-request-id": requestId,
        },
        body: JSON.stringify({ ...messagesBody, stream }),
      });
      expect(response.status).toBe(200);
      await response.text();
      expect(response.headers.get("x-edgechat-provider")).not.toBe("deepseek");
      const row = await usageRow(requestId);
      expect(row.provider).not.toBe("deepseek");
      expect(row.format).toBe("messages");
    }
  });

  it("when DeepSeek is the only provider, an EU visitor gets an error in Anthropic's shape and DeepSeek gets nothing", async () => {
    const key = await createKey();
    const label = uniqueLabel("deepseek-eu");
    const { response, text } = await call(
      "/messages",
      {
        DEEPSEEK_BASE_URL: simulator(label),
        GPU_POOL: "[]",
        ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["deepseek"] } } }),
      },
      key.key,
      messagesBody,
      { "x-dev-country": "FR" },
    );
    // No target is left once residency removes DeepSeek: the gateway's 503, in Anthropic's words.
    expect(response.status).toBe(503);
    expect(JSON.parse(text)).toMatchObject({ type: "error", error: { type: "overloaded_error" } });
    expect((await statsFor(label)).requests).toBe(0);
  });

  it("a burst on /v1/responses admits exactly the key's requests-per-minute limit", async () => {
    const key = await createKey({ rpm: 4 });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        exports.default.fetch(`${base}/v1/responses`, {
          method: "POST",
          headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
          body: JSON.stringify({ model: plainModel, input: hello, max_output_tokens: 10, store: false }),
        }),
      ),
    );
    const statuses = await Promise.all(
      responses.map(async (response) => {
        await response.text();
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
    const refused = responses.find((response) => response.status === 429);
    expect(Number(refused?.headers.get("retry-after-ms"))).toBeLessThanOrEqual(60_000);
  });

  it("the same answer through chat completions, Responses and Messages writes the same usage row", async () => {
    const key = await createKey();
    const requests: Array<[string, unknown]> = [
      ["/chat/completions", { model: plainModel, max_tokens: 40, messages: [{ role: "user", content: hello }] }],
      ["/responses", { model: plainModel, max_output_tokens: 40, input: hello, store: false }],
      ["/messages", messagesBody],
    ];
    const rows: UsageRow[] = [];
    for (const [path, body] of requests) {
      const requestId = crypto.randomUUID();
      const response = await exports.default.fetch(`${base}/v1${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json", "x-request-id": requestId },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      await response.text();
      rows.push(await usageRow(requestId));
    }
    const columns = (row: UsageRow) => ({
      model: row.model,
      prompt_tokens: row.prompt_tokens,
      completion_tokens: row.completion_tokens,
      reasoning_tokens: row.reasoning_tokens,
      cache_hit_tokens: row.cache_hit_tokens,
      cache_miss_tokens: row.cache_miss_tokens,
      cost_micros: row.cost_micros,
      status: row.status,
      estimated: row.estimated,
    });
    expect(rows.map((row) => row.format)).toEqual(["chat", "responses", "messages"]);
    expect(rows[0]?.prompt_tokens).toBeGreaterThan(0);
    expect(columns(rows[1] as UsageRow)).toEqual(columns(rows[0] as UsageRow));
    expect(columns(rows[2] as UsageRow)).toEqual(columns(rows[0] as UsageRow));
  });
});
