import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { base, type CreatedKey, callV1, createKey, type ErrorBody } from "../../kit/worker/v1.ts";

const ok = { model: "deepseek-chat", messages: [{ role: "user", content: "Hi" }] };

type Case = { label: string; body: unknown; status: number; param: string | null; code?: string; type?: string };

const cases: Case[] = [
  { label: "a body that is not JSON", body: "{nope", status: 400, param: null, code: "invalid_json" },
  { label: "a missing model", body: { messages: ok.messages }, status: 400, param: "model" },
  { label: "an empty model", body: { ...ok, model: "" }, status: 400, param: "model" },
  { label: "no messages", body: { model: ok.model, messages: [] }, status: 400, param: "messages" },
  { label: "messages not an array", body: { ...ok, messages: "Hi" }, status: 400, param: "messages" },
  {
    label: "an unknown role",
    body: { ...ok, messages: [{ role: "robot", content: "x" }] },
    status: 400,
    param: "messages[0].role",
  },
  {
    label: "numeric content",
    body: { ...ok, messages: [{ role: "user", content: 42 }] },
    status: 400,
    param: "messages[0].content",
  },
  {
    label: "an image part",
    body: { ...ok, messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }] },
    status: 400,
    param: "messages[0].content",
  },
  { label: "n = 2", body: { ...ok, n: 2 }, status: 400, param: "n" },
  { label: "temperature 3", body: { ...ok, temperature: 3 }, status: 400, param: "temperature" },
  { label: "top_p -1", body: { ...ok, top_p: -1 }, status: 400, param: "top_p" },
  { label: 'stream "yes"', body: { ...ok, stream: "yes" }, status: 400, param: "stream" },
  { label: "max_tokens 0", body: { ...ok, max_tokens: 0 }, status: 400, param: "max_tokens" },
  {
    label: "fractional max_completion_tokens",
    body: { ...ok, max_completion_tokens: 1.5 },
    status: 400,
    param: "max_completion_tokens",
  },
  {
    label: "max_tokens above the model's maximum",
    body: { ...ok, max_tokens: 10_000_000 },
    status: 400,
    param: "max_tokens",
  },
  {
    label: "17 stop sequences",
    body: { ...ok, stop: Array.from({ length: 17 }, (_, i) => `s${i}`) },
    status: 400,
    param: "stop",
  },
  {
    label: "a json_schema response format without its schema",
    body: { ...ok, response_format: { type: "json_schema" } },
    status: 400,
    param: "response_format.json_schema",
  },
  {
    label: "a tool with a bad name",
    body: { ...ok, tools: [{ type: "function", function: { name: "has space" } }] },
    status: 400,
    param: "tools[0].function.name",
  },
  { label: "a bad tool_choice", body: { ...ok, tool_choice: "always" }, status: 400, param: "tool_choice" },
  { label: "an unknown model", body: { ...ok, model: "gpt-9" }, status: 404, param: "model", code: "model_not_found" },
];

describe("bad requests get the right status and OpenAI's error shape", () => {
  let key: CreatedKey;
  beforeAll(async () => {
    key = await createKey({ rpm: 10_000 });
  });

  for (const { label, body, status, param, code } of cases) {
    it(`${label} → ${status} (param ${param})`, async () => {
      const response = await callV1("/chat/completions", key.key, {
        method: "POST",
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      expect(response.status).toBe(status);
      const json = await response.json<ErrorBody>();
      expect(Object.keys(json.error).sort()).toEqual(["code", "message", "param", "type"]);
      expect(json.error.param).toBe(param);
      expect(json.error.type).toBe(status === 404 ? "not_found_error" : "invalid_request_error");
      expect(json.error.message.length).toBeGreaterThan(10);
      if (code) expect(json.error.code).toBe(code);
    });
  }

  it("n > 1 says clearly that only one choice is supported", async () => {
    const response = await callV1("/chat/completions", key.key, {
      method: "POST",
      body: JSON.stringify({ ...ok, n: 3 }),
    });
    expect((await response.json<ErrorBody>()).error.message).toMatch(/n = 1/);
  });

  it("a body over 1 MB → 413", async () => {
    const big = { ...ok, messages: [{ role: "user", content: "x".repeat(1024 * 1024 + 10) }] };
    const response = await callV1("/chat/completions", key.key, { method: "POST", body: JSON.stringify(big) });
    expect(response.status).toBe(413);
    const { error } = await response.json<ErrorBody>();
    expect(error).toMatchObject({ type: "invalid_request_error", code: "request_too_large" });
  });

  const authCases: Array<[string, Record<string, string>]> = [
    ["no Authorization header", {}],
    ["a malformed key", { authorization: "Bearer not-a-key" }],
    ["an unknown key", { authorization: `Bearer ec_${"x".repeat(32)}` }],
    ["a Basic scheme", { authorization: "Basic dXNlcjpwYXNz" }],
  ];
  for (const [label, headers] of authCases) {
    it(`${label} → 401 authentication_error`, async () => {
      for (const path of ["/chat/completions", "/models", "/usage"]) {
        const response = await exports.default.fetch(`${base}/v1${path}`, {
          method: path === "/chat/completions" ? "POST" : "GET",
          headers: { ...headers, "content-type": "application/json" },
          body: path === "/chat/completions" ? JSON.stringify(ok) : undefined,
        });
        expect(response.status, path).toBe(401);
        const { error } = await response.json<ErrorBody>();
        expect(error).toMatchObject({ type: "authentication_error", code: "invalid_api_key", param: null });
      }
    });
  }

  it("an unknown /v1 path is still a 404 in OpenAI's shape", async () => {
    const response = await callV1("/audio/speech", key.key, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect((await response.json<ErrorBody>()).error.type).toBe("not_found_error");
  });
});
