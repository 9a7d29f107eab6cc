import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { defaultPolicy } from "../../src/inference/routing/policy.ts";
import { adminToken, upstreamKeys, workerOrigin } from "../kit/constants.ts";

const base = workerOrigin;
const admin = { authorization: `Bearer ${adminToken}` };
const providerHealth = () => env.PROVIDER_HEALTH.getByName("global");
const targets = ["deepseek", "workers-ai", "gpu-eu-1"];

/** Reports enough failures to open every target's circuit, as isolates would after real failures. */
async function failEverything(reason: string): Promise<void> {
  const at = Date.now();
  const batch = targets.flatMap((target) =>
    Array.from({ length: defaultPolicy.breaker.failureThreshold }, (_, index) => ({
      target,
      ok: false,
      at: at + index,
      reason,
    })),
  );
  await providerHealth().report(batch, defaultPolicy.breaker);
}

afterEach(async () => {
  await providerHealth().reset();
});

describe("GET /healthz", () => {
  it("is liveness only: ok and the version, nothing about providers, URLs or servers", async () => {
    const response = await exports.default.fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/.+/);
    const body = await response.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(["ok", "version"]);
    expect(body.ok).toBe(true);
    expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("stays 200 with every provider down (it says the Worker runs, not that it can answer)", async () => {
    await failEverything("connection failed: refused");
    const response = await exports.default.fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const leak of ["gpu-eu-1", "label=", env.SIMULATOR_URL, upstreamKeys.deepseek, upstreamKeys.gpuPool, "eu"]) {
      expect(text).not.toContain(leak);
    }
  });

  it("echoes a caller's x-request-id", async () => {
    const response = await exports.default.fetch(`${base}/healthz`, { headers: { "x-request-id": "trace-123" } });
    expect(response.headers.get("x-request-id")).toBe("trace-123");
  });
});

describe("GET /readyz", () => {
  it("is 200 while providers can serve every plan's first model", async () => {
    const response = await exports.default.fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ready: true, missing: [] });
  });

  it("is 503 naming each plan and model with no provider once every provider is down, and 200 after one recovers", async () => {
    await failEverything("connection failed: sim-gpu-eu refused");
    const down = await exports.default.fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    const body = await down.json<{ ready: boolean; missing: Array<{ plan: string; model: string }> }>();
    expect(body.ready).toBe(false);
    expect(body.missing).toEqual(
      Object.entries(defaultPolicy.plans).map(([plan, { models }]) => ({ plan, model: models[0] })),
    );
    // The public answer names plans and models, never targets, regions or failure reasons.
    const text = JSON.stringify(body);
    expect(text).not.toContain("gpu-eu-1");
    expect(text).not.toContain("refused");

    await providerHealth().report([{ target: "gpu-eu-1", ok: true, at: Date.now() }], defaultPolicy.breaker);
    const recovered = await exports.default.fetch(`${base}/readyz`);
    expect(recovered.status).toBe(200);
    expect(await recovered.json()).toMatchObject({ ready: true, missing: [] });
  });

  it("shows each plan's chain and the reasons targets are out only to an admin", async () => {
    await failEverything("HTTP 500: boom");
    const response = await exports.default.fetch(`${base}/readyz`, { headers: admin });
    expect(response.status).toBe(503);
    const body = await response.json<{
      plans: Array<{ plan: string; chain: string[]; excluded: Array<{ target: string; rule: string }> }>;
    }>();
    const free = body.plans.find((plan) => plan.plan === "free");
    expect(free?.chain).toEqual([]);
    expect(free?.excluded.map((exclusion) => [exclusion.target, exclusion.rule])).toEqual(
      expect.arrayContaining([
        ["gpu-eu-1", "circuit-open"],
        ["deepseek", "circuit-open"],
      ]),
    );
    const anonymous = await exports.default.fetch(`${base}/readyz`, { headers: { authorization: "Bearer wrong" } });
    expect(await anonymous.json()).not.toHaveProperty("plans");
  });
});
