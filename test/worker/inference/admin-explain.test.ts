import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { workerOrigin } from "../../kit/constants.ts";
import { adminExplain } from "../../kit/worker/routing.ts";

describe("GET /admin/api/routing/explain", () => {
  it("shows an operator the chain for a German visitor and why DeepSeek is left out", async () => {
    const body = await adminExplain("plan=pro&model=deepseek-reasoner&country=de");
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
