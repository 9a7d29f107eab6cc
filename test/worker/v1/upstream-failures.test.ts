import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../../src/app.ts";
import { limiterFor } from "../../../src/durable/limiter/limiter-for.ts";
import { createKey, type ErrorBody, sseEvents, usageRow } from "../../kit/worker/v1.ts";

/** Runs one request through the app with modified bindings, waiting for its metering to finish. */
async function call(
  bindings: Partial<Env>,
  key: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const requestId = crypto.randomUUID();
  const ctx = createExecutionContext();
  const response = await app.request(
    "/v1/chat/completions",
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "x-request-id": requestId,
        ...headers,
      },
      body: JSON.stringify({ model: "deepseek-chat", messages: [{ role: "user", content: "Hello there" }], ...body }),
    },
    { ...env, ...bindings },
    ctx,
  );
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, text, requestId };
}

/** DeepSeek as the partner plan's only provider, misbehaving as the simulator options say. */
const deepseekOnly = (options: string): Partial<Env> => ({
  DEEPSEEK_BASE_URL: `${env.SIMULATOR_URL}/label=deepseek,${options}`,
  GPU_POOL: "[]",
  ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["deepseek"] } } }),
});

describe("upstream failures on /v1", () => {
  it("a region this key's policy refuses is a 403 permission_error", async () => {
    const key = await createKey();
    const { response, text } = await call(
      { ROUTING_POLICY: JSON.stringify({ regions: { refusedCountries: ["KP"] } }) },
      key.key,
      {},
      { "x-dev-country": "KP" },
    );
    expect(response.status).toBe(403);
    const { error } = JSON.parse(text) as ErrorBody;
    expect(error.type).toBe("permission_error");
    expect(error.code).toBe("region_refused");
  });

  it("no upstream left after every fallback is a 5xx in OpenAI's shape, metered at zero cost", async () => {
    const key = await createKey({ monthlyBudgetUsd: 1 });
    const { response, text, requestId } = await call(deepseekOnly("fault=503"), key.key, {});
    expect([502, 503, 504]).toContain(response.status);
    const { error } = JSON.parse(text) as ErrorBody;
    expect(Object.keys(error).sort()).toEqual(["code", "message", "param", "type"]);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ cost_micros: 0, prompt_tokens: 0 });
    expect(row.status).not.toBe("complete");
    // The budget reservation was released: the whole budget is still there.
    const state = await limiterFor(env, { kind: "key", id: key.id }).admit({
      rules: [],
      budget: { apiKeyId: key.id, reservationId: crypto.randomUUID(), limitMicros: 1_000_000, micros: 1_000_000 },
    });
    expect(state.allowed).toBe(true);
  });

  it("a stream that breaks mid-answer ends with an error event and an estimated usage record", async () => {
    const key = await createKey();
    const { response, text, requestId } = await call(deepseekOnly("fault=drop,dropafter=5"), key.key, { stream: true });
    expect(response.status).toBe(200);
    const events = sseEvents(text) as Array<{ error?: unknown; choices?: Array<{ finish_reason: string | null }> }>;
    expect(events.some((event) => event.error)).toBe(true);
    expect(events.some((event) => event.choices?.[0]?.finish_reason === "error")).toBe(true);
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ estimated: 1, status: "error" });
    expect(row.prompt_tokens).toBeGreaterThan(0);
    expect(row.cost_micros).toBeGreaterThan(0);
  });

  it("a client that hangs up mid-stream is metered with an estimate, marked cancelled", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const ctx = createExecutionContext();
    const response = await app.request(
      "/v1/chat/completions",
      {
        method: "POST",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json", "x-request-id": requestId },
        body: JSON.stringify({
          model: "deepseek-chat",
          messages: [{ role: "user", content: "Tell me a long story" }],
          stream: true,
        }),
      },
      { ...env, ...deepseekOnly("tps=20,tokens=200") },
      ctx,
    );
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    await waitOnExecutionContext(ctx);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ estimated: 1, status: "cancelled" });
    expect(row.completion_tokens).toBeLessThan(200);
  });

  it("a stream committed for one target and answered by the next after it went silent: 200, one answer, metered to who answered", async () => {
    const key = await createKey();
    const { response, text, requestId } = await call(
      {
        DEEPSEEK_BASE_URL: `${env.SIMULATOR_URL}/label=deepseek`,
        GPU_POOL: JSON.stringify([
          {
            id: "gpu-silent",
            url: `${env.SIMULATOR_URL}/label=gpu-silent,ttft=5000`,
            region: "us",
            models: ["deepseek-flash", "deepseek-v4-pro"],
            weight: 1,
          },
        ]),
        ROUTING_POLICY: JSON.stringify({
          plans: { partner: { providers: ["self-hosted", "deepseek"] } },
          timeouts: { firstTokenMs: 400 },
        }),
      },
      key.key,
      { stream: true, stream_options: { include_usage: true } },
      { "x-dev-country": "US" },
    );
    expect(response.status).toBe(200);
    // The headers were sent when the GPU server accepted; the stream itself says who answered.
    expect(response.headers.get("x-edgechat-provider")).toBe("self-hosted");
    expect(text).toContain(": edgechat-served-by provider=deepseek");
    const events = sseEvents(text) as Array<{ error?: unknown; usage?: { completion_tokens: number } }>;
    expect(events.some((event) => event.error)).toBe(false);
    const usage = events.find((event) => event.usage)?.usage;
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ provider: "deepseek", status: "complete", estimated: 0 });
    expect(row.completion_tokens).toBe(usage?.completion_tokens);
  });
});
