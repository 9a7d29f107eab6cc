import { describe, expect, it } from "vitest";
import type { Region } from "../../../src/env.ts";
import { resolveRegion } from "../../../src/http/visitor-region.ts";
import { explainRoute } from "../../../src/inference/index.ts";
import { defaultPolicy } from "../../../src/inference/routing/policy.ts";
import type { HealthSnapshot } from "../../../src/inference/types.ts";
import { continentOf } from "../../../src/lib/countries.ts";
import { RESIDENCY_COUNTRIES } from "../../../src/lib/residency-territories.ts";
import { workerOrigin } from "../../kit/constants.ts";
import { configWith, gpu } from "../../kit/worker/inference.ts";
import { adminExplain } from "../../kit/worker/routing.ts";
import { ISO_3166_1_ALPHA_2 } from "./iso-3166-1.ts";

// What the promise says, written out here rather than read from the source: EU member states, the parts of them
// with their own code where EU law applies, the EEA, the UK with Gibraltar and the Crown Dependencies, Switzerland.
const promised = [
  ..."AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" "),
  ..."RE GP MQ GF YT MF AX".split(" "),
  ..."IS LI NO".split(" "),
  ..."GB GI GG JE IM CH".split(" "),
];

const plans = Object.keys(defaultPolicy.plans);
const models = Object.keys(defaultPolicy.models);
// Servers in every kind of data region, each serving every model, so a forbidden target always exists to be
// (wrongly) chosen.
const config = configWith({
  GPU_POOL: JSON.stringify(
    ["eu", "us", "cn", "asia"].map((region) =>
      gpu(`gpu-${region}`, `http://gpu-${region}.example`, region, { models }),
    ),
  ),
});
const rule = config.routingPolicy.regions.residency.find((candidate) => candidate.name === "eu-residency");
const restricted = new Set(RESIDENCY_COUNTRIES);
const continents = ["EU", "AF", "NA", "SA", "AS", "OC", "AN", null];
const targetIds = ["deepseek", "workers-ai", "gpu-eu", "gpu-us", "gpu-cn", "gpu-asia"];
const healthStates: HealthSnapshot[] = [
  { targets: {} },
  // Every allowed target failing: the chain may shrink to probes, but never widens to a forbidden region.
  {
    targets: Object.fromEntries(
      targetIds.map((id) => [
        id,
        { state: "half-open", failures: 3, openUntil: 0, openForMs: 10_000, recoveredAt: null } as const,
      ]),
    ),
  },
];

describe("EU residency", () => {
  it("covers every territory the promise names", () => {
    expect(rule).toBeDefined();
    for (const code of promised) expect(rule?.countries, code).toContain(code);
  });

  it("no visitor from a covered territory reaches a target outside the allowed regions, for every ISO code, plan, model and health", () => {
    let checked = 0;
    for (const country of ISO_3166_1_ALPHA_2) {
      for (const continent of new Set([continentOf(country), ...continents])) {
        const region: Region = { country, continent };
        for (const plan of plans) {
          for (const model of models) {
            for (const health of healthStates) {
              const explanation = explainRoute(config, plan, region, model, health);
              if (!restricted.has(country)) continue;
              expect(explanation.residency, country).toBe("eu-residency");
              for (const target of explanation.chain) expect(rule?.dataRegions, country).toContain(target.region);
              // Covered visitors are still served: the EU GPU and Workers AI remain.
              if (!explanation.refusal) expect(explanation.chain.length, country).toBeGreaterThan(0);
              checked += 1;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("lets visitors outside the covered territories use every data region", () => {
    for (const country of ISO_3166_1_ALPHA_2.filter((code) => !restricted.has(code))) {
      const explanation = explainRoute(config, "pro", { country, continent: continentOf(country) }, models[0] ?? "");
      expect(explanation.residency, country).toBeNull();
    }
  });

  it("reads unknown, Tor (T1) and unassigned (XX) countries without failing, and Cloudflare's EU flag restricts them", () => {
    const cases: Array<{ cf: Record<string, string>; country: string | null }> = [
      { cf: {}, country: null },
      { cf: { country: "T1" }, country: null },
      { cf: { country: "XX" }, country: "XX" },
      { cf: { country: "XX", isEUCountry: "1" }, country: "EU" },
      { cf: { isEUCountry: "1" }, country: "EU" },
      { cf: { country: "RE", isEUCountry: "1" }, country: "RE" },
    ];
    for (const { cf, country } of cases) {
      const request = new Request(`${workerOrigin}/`, { cf } as RequestInit);
      const region = resolveRegion(request, false);
      expect(region.country).toBe(country);
      for (const plan of plans) {
        for (const model of models) {
          const explanation = explainRoute(config, plan, region, model);
          if (country !== null && restricted.has(country)) {
            for (const target of explanation.chain) expect(rule?.dataRegions).toContain(target.region);
          }
        }
      }
    }
  });

  it("an operator asking how a pro visitor from Réunion is routed sees DeepSeek left out", async () => {
    const body = await adminExplain("plan=pro&country=RE");
    expect(body.residency).toBe("eu-residency");
    expect(body.chain[0]?.id).not.toBe("deepseek");
    expect(body.chain.map((target) => target.id)).not.toContain("deepseek");
    expect(body.excluded).toContainEqual(
      expect.objectContaining({ target: "deepseek", rule: "residency:eu-residency" }),
    );
  });
});
