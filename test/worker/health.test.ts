import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /healthz", () => {
  it("answers 200 with the version and which providers are configured, without secrets", async () => {
    const response = await exports.default.fetch("http://edgechat.test/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/.+/);
    const body = await response.json<{
      ok: boolean;
      version: string;
      providers: Record<string, { configured: boolean }>;
    }>();
    expect(body.ok).toBe(true);
    expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(body.providers.deepseek?.configured).toBe(true);
    expect(body.providers["self-hosted"]?.configured).toBe(true);
    const text = JSON.stringify(body);
    expect(text).not.toContain("sk-test-deepseek");
    expect(text).not.toContain("gpu-test-key");
    expect(text).not.toContain("test-admin-token");
  });

  it("echoes a caller's x-request-id", async () => {
    const response = await exports.default.fetch("http://edgechat.test/healthz", {
      headers: { "x-request-id": "trace-123" },
    });
    expect(response.headers.get("x-request-id")).toBe("trace-123");
  });
});
