import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.ts";
import { listAliases, listModels, modelInfo } from "../../../src/inference/index.ts";
import { defaultPolicy, parseRoutingPolicy } from "../../../src/inference/routing/policy.ts";
import { configWith } from "../../kit/worker/inference.ts";

describe("the routing policy", () => {
  it("ships typed defaults: three plans, today's two DeepSeek models, EU/EEA, GB and CH kept away from DeepSeek", () => {
    expect(parseRoutingPolicy(null)).toBe(defaultPolicy);
    expect(Object.keys(defaultPolicy.plans)).toEqual(["free", "pro", "partner"]);
    expect(Object.keys(defaultPolicy.models)).toEqual(["deepseek-flash", "deepseek-v4-pro"]);
    expect(defaultPolicy.models["deepseek-flash"]?.providers).toEqual({
      deepseek: "deepseek-flash",
      "workers-ai": "@cf/deepseek-ai/deepseek-v4-flash-0731",
    });
    expect(defaultPolicy.models["deepseek-v4-pro"]?.providers).toEqual({
      deepseek: "deepseek-v4-pro",
      "workers-ai": "@cf/deepseek-ai/deepseek-v4-pro-0813",
    });
    const eu = defaultPolicy.regions.residency[0]!;
    expect(eu.countries).toEqual(expect.arrayContaining(["DE", "FR", "NO", "IS", "LI", "GB", "CH"]));
    expect(eu.dataRegions).not.toContain(defaultPolicy.providers.deepseek.region);
  });

  it("ROUTING_POLICY overrides merge over the defaults (objects by key, arrays replaced)", () => {
    const policy = parseRoutingPolicy(
      JSON.stringify({ plans: { free: { models: ["deepseek-v4-pro"] } }, regions: { refusedCountries: ["kp"] } }),
    );
    expect(policy.plans.free?.models).toEqual(["deepseek-v4-pro"]);
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
            capabilities: {
              thinking: true,
              efforts: [],
              tools: false,
              json: false,
              vision: false,
              fim: false,
              prefix: false,
            },
            thinkingByDefault: true,
            contextTokens: 32000,
            maxOutputTokens: 4000,
            providers: { "workers-ai": "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b" },
            prices: { default: { cacheHitInput: 0.5, cacheMissInput: 0.5, output: 4.88 } },
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
    [
      JSON.stringify({ aliases: { "my-chat": { model: "gpt-9", thinking: false } } }),
      'aliases.my-chat.model: unknown model "gpt-9"',
    ],
    [JSON.stringify({ models: { "deepseek-flash": { substitutes: { free: ["gpt-9"] } } } }), 'unknown model "gpt-9"'],
    [JSON.stringify({ peakHours: { windows: [["9am", "12:00"]] } }), "peakHours.windows"],
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
    expect(listModels(config, "free").map((model) => model.id)).toEqual(["deepseek-flash"]);
    expect(listModels(config, "pro").map((model) => model.id)).toEqual(["deepseek-flash", "deepseek-v4-pro"]);
    expect(modelInfo(config, "free", "deepseek-flash")).toMatchObject({
      id: "deepseek-flash",
      label: "DeepSeek V4.1 Flash",
      aliasOf: null,
      reasoning: true,
      capabilities: { thinking: true, efforts: ["low", "high", "max"], tools: true, json: true, vision: true },
      contextTokens: 65_536,
      maxOutputTokens: 8_192,
    });
    expect(modelInfo(config, "partner", "deepseek-flash")).toMatchObject({
      contextTokens: 1_000_000,
      maxOutputTokens: 65_536,
    });
    expect(modelInfo(config, "free", "deepseek-v4-pro")).toBeNull();
  });

  it("keeps the names DeepSeek retired on 2026-07-24 as documented aliases of deepseek-flash", () => {
    const config = configWith({});
    expect(listAliases(config, "free").map((model) => [model.id, model.aliasOf, model.reasoning])).toEqual([
      ["deepseek-chat", "deepseek-flash", false],
      ["deepseek-reasoner", "deepseek-flash", true],
    ]);
    expect(modelInfo(config, "free", "deepseek-chat")?.description).toContain("thinking disabled");
  });

  it("knows nothing of unknown models or plans", () => {
    const config = configWith({});
    expect(modelInfo(config, "free", "gpt-9")).toBeNull();
    expect(modelInfo(config, "nobody", "deepseek-chat")).toBeNull();
    expect(listModels(config, "nobody")).toEqual([]);
  });
});
