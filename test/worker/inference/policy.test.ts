import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.ts";
import { listModels, modelInfo } from "../../../src/inference/index.ts";
import { defaultPolicy, parseRoutingPolicy } from "../../../src/inference/policy.ts";
import { configWith } from "./helpers.ts";

describe("the routing policy", () => {
  it("ships typed defaults: three plans, two models, EU/EEA, GB and CH kept away from DeepSeek", () => {
    expect(parseRoutingPolicy(null)).toBe(defaultPolicy);
    expect(Object.keys(defaultPolicy.plans)).toEqual(["free", "pro", "partner"]);
    const eu = defaultPolicy.regions.residency[0]!;
    expect(eu.countries).toEqual(expect.arrayContaining(["DE", "FR", "NO", "IS", "LI", "GB", "CH"]));
    expect(eu.dataRegions).not.toContain(defaultPolicy.providers.deepseek.region);
  });

  it("ROUTING_POLICY overrides merge over the defaults (objects by key, arrays replaced)", () => {
    const policy = parseRoutingPolicy(
      JSON.stringify({ plans: { free: { models: ["deepseek-chat"] } }, regions: { refusedCountries: ["kp"] } }),
    );
    expect(policy.plans.free?.models).toEqual(["deepseek-chat"]);
    expect(policy.plans.free?.providers).toEqual(defaultPolicy.plans.free?.providers);
    expect(policy.plans.pro).toEqual(defaultPolicy.plans.pro);
    expect(policy.regions.refusedCountries).toEqual(["KP"]);
  });

  it("a policy can add a model and a plan that uses it", () => {
    const policy = parseRoutingPolicy(
      JSON.stringify({
        models: {
          "r1-distill": {
            label: "R1 Distill",
            reasoning: true,
            contextTokens: 32000,
            maxOutputTokens: 4000,
            providers: { "workers-ai": "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b" },
          },
        },
        plans: {
          edu: { models: ["r1-distill"], providers: ["workers-ai"], maxOutputTokens: 1000, contextTokens: 8000 },
        },
      }),
    );
    expect(policy.plans.edu?.models).toEqual(["r1-distill"]);
  });

  const invalid: Array<[string, string]> = [
    ["{", "not valid JSON"],
    ["[]", "must be a JSON object"],
    [JSON.stringify({ plans: { free: { providers: ["openai"] } } }), "plans.free.providers.0"],
    [JSON.stringify({ plans: { free: { models: ["gpt-9"] } } }), 'unknown model "gpt-9"'],
    [JSON.stringify({ timeouts: { firstTokenMs: -1 } }), "timeouts.firstTokenMs"],
    [JSON.stringify({ regions: { unknownCountryRule: "mars" } }), 'no residency rule named "mars"'],
  ];
  for (const [raw, message] of invalid) {
    it(`rejects ${raw.slice(0, 50)} with a message naming the problem`, () => {
      expect(() => parseRoutingPolicy(raw)).toThrow(message);
      const config = loadConfig({ ...env, ROUTING_POLICY: raw });
      expect(config).toBeInstanceOf(ConfigError);
      expect((config as ConfigError).message).toContain("ROUTING_POLICY");
    });
  }
});

describe("the model catalogue", () => {
  it("lists a plan's models, chat model first, capped by the plan's limits", () => {
    const config = configWith({});
    expect(listModels(config, "free").map((model) => model.id)).toEqual(["deepseek-chat", "deepseek-reasoner"]);
    expect(modelInfo(config, "free", "deepseek-reasoner")).toEqual({
      id: "deepseek-reasoner",
      label: "DeepSeek-R1",
      reasoning: true,
      contextTokens: 32_768,
      maxOutputTokens: 4_096,
    });
    expect(modelInfo(config, "pro", "deepseek-chat")?.maxOutputTokens).toBe(8_192);
  });

  it("knows nothing of unknown models or plans", () => {
    const config = configWith({});
    expect(modelInfo(config, "free", "gpt-9")).toBeNull();
    expect(modelInfo(config, "nobody", "deepseek-chat")).toBeNull();
    expect(listModels(config, "nobody")).toEqual([]);
  });
});
