import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainRoute } from "../../../src/inference/index.ts";
import { residencyRule } from "../../../src/inference/routing/router.ts";
import type { HealthSnapshot, TargetHealth } from "../../../src/inference/types.ts";
import { EU_EEA } from "../../../src/lib/countries.ts";
import { configWith, gpu } from "../../kit/worker/inference.ts";

const countries = [...EU_EEA, "GB", "CH", "US", "CN", "BR", "JP", "IN", "AU", "KP", "RU"];
const dataRegions = ["eu", "us", "asia", "cn"];
const now = Date.now();

const regionArbitrary = fc.oneof(
  fc.record({ country: fc.constantFrom(...countries), continent: fc.constantFrom("EU", "NA", "AS", "OC", null) }),
  fc.constant({ country: null, continent: null }),
);
const poolArbitrary = fc.uniqueArray(
  fc.record({ id: fc.constantFrom("g1", "g2", "g3", "g4", "g5"), region: fc.constantFrom(...dataRegions) }),
  { selector: (server) => server.id, maxLength: 5 },
);
const healthArbitrary: fc.Arbitrary<TargetHealth> = fc.record({
  state: fc.constantFrom("closed", "open", "half-open"),
  failures: fc.nat(10),
  openUntil: fc.integer({ min: now - 60_000, max: now + 60_000 }),
  openForMs: fc.nat(60_000),
  recoveredAt: fc.constant(null),
});
const snapshotArbitrary: fc.Arbitrary<HealthSnapshot> = fc.record({
  targets: fc.dictionary(fc.constantFrom("deepseek", "workers-ai", "g1", "g2", "g3", "g4", "g5"), healthArbitrary),
});

describe("for any plan, region and health", () => {
  it("no target the region forbids ever appears in a chain, and no target appears twice", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("free", "pro", "partner", "unknown-plan"),
        regionArbitrary,
        fc.constantFrom("deepseek-chat", "deepseek-reasoner", "no-such-model"),
        poolArbitrary,
        snapshotArbitrary,
        fc.boolean(),
        (plan, region, model, servers, health, unknownIsEu) => {
          const config = configWith(
            {
              GPU_POOL: JSON.stringify(
                servers.map((server) => gpu(server.id, `http://${server.id}.example`, server.region)),
              ),
            },
            { regions: { unknownCountryRule: unknownIsEu ? "eu-residency" : null } },
          );
          const explanation = explainRoute(config, plan, region, model, health);
          const rule = residencyRule(config.routingPolicy, region);
          const ids = explanation.chain.map((target) => target.id);
          expect(new Set(ids).size).toBe(ids.length);
          for (const target of explanation.chain) {
            if (rule) expect(rule.dataRegions).toContain(target.region);
            const state = health.targets[target.id];
            if (state?.state === "open") expect(state.openUntil).toBeLessThanOrEqual(Date.now());
          }
          const inEu = region.country !== null && (EU_EEA.has(region.country) || ["GB", "CH"].includes(region.country));
          if (inEu || (region.country === null && unknownIsEu)) expect(ids).not.toContain("deepseek");
          if (explanation.refusal) expect(explanation.chain).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
