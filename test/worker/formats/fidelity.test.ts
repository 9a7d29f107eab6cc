import { describe, expect, it } from "vitest";
import { defaultModelAliases, resolveModelAlias } from "../../../src/formats/anthropic/model-aliases.ts";
import { retryAfterMs } from "../../../src/metering/admission.ts";
import { plainModel } from "../../kit/worker/models.ts";
import { base, callV1, createKey } from "../../kit/worker/v1.ts";

describe("what every /v1 client can rely on", () => {
  it("accepts the key as x-api-key on every /v1 endpoint", async () => {
    const key = await createKey();
    const response = await fetchWithXApiKey(key.key, "/chat/completions", {
      model: plainModel,
      max_tokens: 5,
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(response.status).toBe(200);
    const models = await fetchWithXApiKey(key.key, "/models");
    expect(models.status).toBe(200);
  });

  it("names the fields it drops in x-edgechat-ignored-params (chat completions and Responses)", async () => {
    const key = await createKey();
    const chat = await callV1("/chat/completions", key.key, {
      method: "POST",
      body: JSON.stringify({
        model: plainModel,
        max_tokens: 5,
        messages: [{ role: "user", content: "Hi" }],
        parallel_tool_calls: false,
        service_tier: "auto",
      }),
    });
    expect(chat.status).toBe(200);
    expect(chat.headers.get("x-edgechat-ignored-params")).toBe("parallel_tool_calls, service_tier");
    const responses = await callV1("/responses", key.key, {
      method: "POST",
      body: JSON.stringify({
        model: plainModel,
        input: "Hi",
        max_output_tokens: 5,
        store: false,
        truncation: "auto",
        tools: [{ type: "web_search" }],
      }),
    });
    expect(responses.status).toBe(200);
    expect(responses.headers.get("x-edgechat-ignored-params")).toBe("truncation, tools[0]");
    const plain = await callV1("/chat/completions", key.key, {
      method: "POST",
      body: JSON.stringify({ model: plainModel, max_tokens: 5, messages: [{ role: "user", content: "Hi" }] }),
    });
    expect(plain.headers.has("x-edgechat-ignored-params")).toBe(false);
  });

  it("never asks a client to wait more than 60,000 ms in retry-after-ms", () => {
    expect(retryAfterMs(90_000)).toBe(60_000);
    expect(retryAfterMs(1234.2)).toBe(1235);
    expect(retryAfterMs(-5)).toBe(0);
  });

  it("maps Claude model names by longest prefix, as DeepSeek's Anthropic endpoint does", () => {
    expect(resolveModelAlias(defaultModelAliases, "claude-opus-4-1")).toBe("deepseek-v4-pro");
    expect(resolveModelAlias(defaultModelAliases, "claude-sonnet-4-5")).toBe("deepseek-flash");
    expect(resolveModelAlias(defaultModelAliases, "claude-3-5-haiku-latest")).toBe("deepseek-flash");
    expect(resolveModelAlias(defaultModelAliases, "deepseek-v4-pro")).toBe("deepseek-v4-pro");
    expect(resolveModelAlias({ "claude-haiku": "deepseek-flash" }, "claude-opus-4")).toBe("claude-opus-4");
  });
});

async function fetchWithXApiKey(key: string, path: string, body?: unknown): Promise<Response> {
  const { exports } = await import("cloudflare:workers");
  const response = await exports.default.fetch(`${base}/v1${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "x-api-key": key, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await response.arrayBuffer();
  return response;
}
