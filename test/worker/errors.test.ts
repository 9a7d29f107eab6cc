import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app.ts";
import { workerOrigin } from "../kit/constants.ts";

describe("one error shape", () => {
  it("an unknown /v1 path is a JSON 404 in OpenAI's error shape", async () => {
    const response = await exports.default.fetch(`${workerOrigin}/v1/nope`, { method: "POST" });
    expect(response.status).toBe(404);
    const body = await response.json<{ error: Record<string, unknown> }>();
    expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
    expect(body.error.type).toBe("not_found_error");
  });

  it("an unknown /api path is a JSON 404 with the request id", async () => {
    const response = await exports.default.fetch(`${workerOrigin}/api/nope`, {
      headers: { "x-request-id": "req-404" },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await response.json<{ error: { code: string; requestId: string } }>();
    expect(body.error.code).toBe("not_found");
    expect(body.error.requestId).toBe("req-404");
  });

  it("an unknown page is an HTML 404", async () => {
    const response = await exports.default.fetch(`${workerOrigin}/no/such/page`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("Page not found");
  });

  it("the home page is HTML with a strict Content-Security-Policy", async () => {
    const response = await exports.default.fetch(`${workerOrigin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
  });
});

describe("invalid configuration", () => {
  const cases = [
    { variable: "GPU_POOL", value: "[{not json" },
    { variable: "GPU_POOL", value: JSON.stringify([{ id: "x", url: "not a url", region: "eu", models: ["m"] }]) },
    { variable: "ROUTING_POLICY", value: "{" },
    { variable: "DEEPSEEK_BASE_URL", value: "::nope::" },
  ];
  for (const { variable, value } of cases) {
    it(`an invalid ${variable} makes every route, /healthz included, answer 503 naming it`, async () => {
      const badEnv = { ...env, [variable]: value };
      for (const path of ["/healthz", "/", "/v1/chat/completions", "/api/conversations"]) {
        const response = await app.request(path, {}, badEnv);
        expect(response.status, path).toBe(503);
        // JSON for API paths, an HTML page for the site: both name the variable.
        expect(await response.text()).toContain(variable);
      }
    });
  }
});
