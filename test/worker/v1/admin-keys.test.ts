import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminHeaders, adminToken } from "../../kit/constants.ts";
import { base, createKey, revokeKey } from "../../kit/worker/v1.ts";

describe("admin key API", () => {
  it("creates a key shown once: random, prefixed, stored only as a SHA-256 hash", async () => {
    const created = await createKey({ name: "acme", plan: "partner", rpm: 60, tpm: 10_000, monthlyBudgetUsd: 5 });
    expect(created).toMatchObject({ name: "acme", plan: "partner", rpm: 60, tpm: 10_000, monthlyBudgetUsd: 5 });
    expect(created.key).toMatch(/^ec_[A-Za-z0-9_-]{32}$/);
    expect(created.prefix).toBe(created.key.slice(0, 10));
    const row = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?")
      .bind(created.id)
      .first<Record<string, unknown>>();
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(created.key)));
    expect(row?.hash).toBe([...digest].map((b) => b.toString(16).padStart(2, "0")).join(""));
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row?.monthly_budget_micros).toBe(5_000_000);
  });

  it("two keys never collide", async () => {
    const [a, b] = await Promise.all([createKey(), createKey()]);
    expect(a.key).not.toBe(b.key);
  });

  it("lists keys by prefix, never with the key or its hash", async () => {
    const created = await createKey({ name: "listed" });
    const response = await exports.default.fetch(`${base}/admin/api/keys`, { headers: adminHeaders });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(created.key);
    expect(text).not.toContain('"hash"');
    const { data } = JSON.parse(text) as { data: Array<{ id: string; prefix: string; revokedAt: string | null }> };
    expect(data.find((key) => key.id === created.id)).toMatchObject({ prefix: created.prefix, revokedAt: null });
  });

  it("revokes a key once; revoking again is a 404", async () => {
    const created = await createKey();
    const first = await revokeKey(created.id);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ id: created.id, revoked: true });
    expect((await revokeKey(created.id)).status).toBe(404);
    expect((await revokeKey("key_nope")).status).toBe(404);
  });

  it("refuses requests without the admin token", async () => {
    for (const authorization of [undefined, "Bearer wrong", adminToken]) {
      const response = await exports.default.fetch(`${base}/admin/api/keys`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status, String(authorization)).toBe(401);
    }
  });

  const badBodies: Array<[string, unknown, string | null]> = [
    ["missing name", { plan: "partner" }, "name"],
    ["empty name", { name: " " }, "name"],
    ["bad plan", { name: "x", plan: "Partner Plan" }, "plan"],
    ["negative rpm", { name: "x", rpm: -1 }, "rpm"],
    ["fractional tpm", { name: "x", tpm: 1.5 }, "tpm"],
    ["zero budget", { name: "x", monthlyBudgetUsd: 0 }, "monthlyBudgetUsd"],
    ["unknown field", { name: "x", owner: "y" }, null],
    ["not an object", [1, 2], null],
  ];
  for (const [label, body, param] of badBodies) {
    it(`refuses a key with ${label} (400)`, async () => {
      const response = await exports.default.fetch(`${base}/admin/api/keys`, {
        method: "POST",
        headers: adminHeaders,
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      const { error } = await response.json<{ error: { param: string | null; type: string } }>();
      expect(error.type).toBe("invalid_request_error");
      expect(error.param).toBe(param);
    });
  }
});
