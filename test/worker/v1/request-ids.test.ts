import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { uuidV7 } from "../../../src/lib/crypto.ts";
import { callV1, createKey, usageRow } from "../../kit/worker/v1.ts";

const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The Unix milliseconds a UUIDv7 carries in its first 48 bits. */
function timeOf(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

describe("request and usage ids", () => {
  it("are UUIDv7s that carry their time, so later ids sort later", () => {
    const at = Date.UTC(2026, 10, 28, 12, 0, 0, 123);
    const id = uuidV7(at);
    expect(id).toMatch(v7);
    expect(timeOf(id)).toBe(at);
    const made = Array.from({ length: 50 }, (_, index) => uuidV7(at + index));
    expect([...made].sort()).toEqual(made);
    expect(new Set(Array.from({ length: 1000 }, () => uuidV7(at))).size).toBe(1000);
  });

  it("a /v1 request without its own x-request-id is answered and metered under a time-ordered id", async () => {
    const key = await createKey();
    const before = Date.now();
    const response = await callV1("/chat/completions", key.key, {
      method: "POST",
      body: JSON.stringify({ model: "deepseek-chat", messages: [{ role: "user", content: "Hi" }] }),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const requestId = response.headers.get("x-request-id") ?? "";
    expect(requestId).toMatch(v7);
    expect(timeOf(requestId)).toBeGreaterThanOrEqual(before);
    expect(timeOf(requestId)).toBeLessThanOrEqual(Date.now());

    const row = await usageRow(requestId);
    expect(row.request_id).toBe(requestId);
    const { id } = (await env.DB.prepare("SELECT id FROM usage WHERE request_id = ?").bind(requestId).first<{
      id: string;
    }>()) ?? { id: "" };
    expect(id).toMatch(v7);
    expect(timeOf(id)).toBeGreaterThanOrEqual(timeOf(requestId));
  });
});
