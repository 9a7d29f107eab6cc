import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const admin = { authorization: "Bearer test-admin-token" };

describe("GET /admin/api/routing/explain", () => {
  it("shows an operator the chain for a German visitor and why DeepSeek is left out", async () => {
    const response = await exports.default.fetch(
      "http://edgechat.test/admin/api/routing/explain?plan=pro&model=deepseek-reasoner&country=de",
      { headers: admin },
    );
    expect(response.status).toBe(200);
    const body = await response.json<{
      residency: string;
      chain: Array<{ id: string }>;
      excluded: Array<{ target: string; rule: string }>;
    }>();
    expect(body.residency).toBe("eu-residency");
    expect(body.chain.map((target) => target.id)).not.toContain("deepseek");
    expect(body.excluded).toContainEqual(
      expect.objectContaining({ target: "deepseek", rule: "residency:eu-residency" }),
    );
  });

  it("is closed without the admin token", async () => {
    const response = await exports.default.fetch("http://edgechat.test/admin/api/routing/explain");
    expect(response.status).toBe(401);
  });
});
