import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminToken, workerOrigin } from "../../kit/constants.ts";

const admin = { authorization: `Bearer ${adminToken}` };

describe("GET /admin/api/routing/explain", () => {
  it("shows an operator the chain for a German visitor and why DeepSeek is left out", async () => {
    const response = await exports.default.fetch(
      `${workerOrigin}/admin/api/routing/explain?plan=pro&model=deepseek-reasoner&country=de`,
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
    const response = await exports.default.fetch(`${workerOrigin}/admin/api/routing/explain`);
    expect(response.status).toBe(401);
  });
});
