import { describe, expect, it } from "vitest";
import { explainRoute } from "../../../src/inference/index.ts";
import { configWith, DE, gpu, US } from "../../kit/worker/inference.ts";

const pool = JSON.stringify([
  gpu("gpu-eu", "http://eu.example", "eu"),
  gpu("gpu-us", "http://us.example", "us"),
  gpu("gpu-chat-only", "http://chat.example", "us", { models: ["deepseek-flash"] }),
]);
const ids = (targets: Array<{ id: string }>) => targets.map((target) => target.id);

describe("route(plan, region, model, health)", () => {
  it("lists every target the plan allows, in the plan's provider order", () => {
    const config = configWith({ GPU_POOL: pool });
    expect(ids(explainRoute(config, "free", US, "deepseek-chat").chain)).toEqual([
      "gpu-eu",
      "gpu-us",
      "gpu-chat-only",
      "workers-ai",
      "deepseek",
    ]);
    expect(ids(explainRoute(config, "pro", US, "deepseek-v4-pro").chain)).toEqual([
      "deepseek",
      "gpu-eu",
      "gpu-us",
      "workers-ai",
    ]);
  });

  it("keeps an EU visitor's data in the EU and says which rule excluded what", () => {
    const explanation = explainRoute(configWith({ GPU_POOL: pool }), "pro", DE, "deepseek-v4-pro");
    expect(explanation.residency).toBe("eu-residency");
    expect(ids(explanation.chain)).toEqual(["gpu-eu", "workers-ai"]);
    expect(explanation.excluded).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: "deepseek", rule: "residency:eu-residency" }),
        expect.objectContaining({ target: "gpu-us", rule: "residency:eu-residency" }),
        expect.objectContaining({ target: "gpu-chat-only", rule: "model" }),
      ]),
    );
  });

  it("treats an unknown country as outside the EU unless the policy names a rule for it", () => {
    const unknown = { country: null, continent: null };
    expect(ids(explainRoute(configWith({}), "pro", unknown, "deepseek-chat").chain)).toContain("deepseek");
    const strict = configWith({}, { regions: { unknownCountryRule: "eu-residency" } });
    expect(ids(explainRoute(strict, "pro", unknown, "deepseek-chat").chain)).not.toContain("deepseek");
  });

  it("a residency rule can match whole continents", () => {
    const config = configWith(
      { GPU_POOL: pool },
      { regions: { residency: [{ name: "oceania", continents: ["OC"], dataRegions: ["us"] }] } },
    );
    const route = explainRoute(config, "pro", { country: "AU", continent: "OC" }, "deepseek-chat");
    expect(ids(route.chain)).toEqual(["gpu-us", "gpu-chat-only"]);
  });

  it("leaves out DeepSeek without an API key, and a plan's unlisted providers", () => {
    const config = configWith({ DEEPSEEK_API_KEY: "" }, { plans: { pro: { providers: ["deepseek", "self-hosted"] } } });
    const explanation = explainRoute(config, "pro", US, "deepseek-chat");
    expect(explanation.excluded).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: "deepseek", rule: "not-configured" }),
        expect.objectContaining({ target: "workers-ai", rule: "plan" }),
      ]),
    );
  });

  it("skips open circuits, and tries half-open ones last as probes", () => {
    const config = configWith({ GPU_POOL: pool });
    const now = Date.now();
    const health = {
      targets: {
        deepseek: {
          state: "open" as const,
          failures: 3,
          openUntil: now + 60_000,
          openForMs: 60_000,
          recoveredAt: null,
        },
        "gpu-eu": { state: "open" as const, failures: 3, openUntil: now - 1, openForMs: 10_000, recoveredAt: null },
      },
    };
    const explanation = explainRoute(config, "pro", US, "deepseek-chat", health);
    expect(ids(explanation.chain)).toEqual(["gpu-us", "gpu-chat-only", "workers-ai", "gpu-eu"]);
    expect(explanation.chain.at(-1)?.probing).toBe(true);
    expect(explanation.excluded).toEqual(
      expect.arrayContaining([expect.objectContaining({ target: "deepseek", rule: "circuit-open" })]),
    );
  });

  it("maps public model ids to each provider's own id", () => {
    const config = configWith({
      GPU_POOL: JSON.stringify([
        gpu("gpu-qwen", "http://q.example", "eu", { models: { "deepseek-flash": "deepseek-ai/DeepSeek-V4.1-Flash" } }),
      ]),
    });
    const chain = explainRoute(config, "free", US, "deepseek-chat").chain;
    expect(chain.map((target) => [target.id, target.model])).toEqual([
      ["gpu-qwen", "deepseek-ai/DeepSeek-V4.1-Flash"],
      ["workers-ai", "@cf/deepseek-ai/deepseek-v4-flash-0731"],
      ["deepseek", "deepseek-flash"],
    ]);
  });

  it("resolves the retired names as aliases of deepseek-flash: same chain, the DeepSeek API gets the current id", () => {
    const config = configWith({ GPU_POOL: pool });
    for (const alias of ["deepseek-chat", "deepseek-reasoner"]) {
      const chain = explainRoute(config, "pro", US, alias).chain;
      expect(ids(chain)).toEqual(ids(explainRoute(config, "pro", US, "deepseek-flash").chain));
      expect(chain.find((target) => target.id === "deepseek")?.model).toBe("deepseek-flash");
      expect(chain.every((target) => target.publicModel === "deepseek-flash" && target.substituteFor === null)).toBe(
        true,
      );
    }
  });

  it("names each target's engine: GPU_POOL's engine, DeepSeek's and Workers AI's own", () => {
    const config = configWith({
      GPU_POOL: JSON.stringify([
        gpu("gpu-vllm", "http://v.example", "eu", { engine: "vllm" }),
        gpu("gpu-x", "http://x", "eu", { engine: undefined }),
      ]),
    });
    const chain = explainRoute(config, "pro", US, "deepseek-flash").chain;
    expect(Object.fromEntries(chain.map((target) => [target.id, target.engine]))).toEqual({
      deepseek: "deepseek",
      "gpu-vllm": "vllm",
      "gpu-x": "openai",
      "workers-ai": "workers-ai",
    });
  });

  it("tries a substitute only where the catalog allows it for the plan, after every target of the model itself", () => {
    const substitute = {
      models: {
        "llama-3.3-70b": {
          label: "Llama 3.3 70B",
          capabilities: {
            thinking: false,
            efforts: [],
            tools: true,
            json: true,
            vision: false,
            fim: false,
            prefix: false,
          },
          thinkingByDefault: false,
          contextTokens: 131_072,
          maxOutputTokens: 8_192,
          providers: { "workers-ai": "@cf/meta/llama-3.3-70b-instruct-fp8-fast" },
          prices: { default: { cacheHitInput: 0.3, cacheMissInput: 0.3, output: 2.25 } },
          listed: false,
        },
        "deepseek-flash": { substitutes: { free: ["llama-3.3-70b"] } },
      },
    };
    const config = configWith({ GPU_POOL: pool }, substitute);
    const free = explainRoute(config, "free", US, "deepseek-flash").chain;
    expect(free.map((target) => [target.id, target.publicModel, target.substituteFor])).toEqual([
      ["gpu-eu", "deepseek-flash", null],
      ["gpu-us", "deepseek-flash", null],
      ["gpu-chat-only", "deepseek-flash", null],
      ["workers-ai", "deepseek-flash", null],
      ["deepseek", "deepseek-flash", null],
      ["workers-ai", "llama-3.3-70b", "deepseek-flash"],
    ]);
    expect(explainRoute(config, "pro", US, "deepseek-flash").chain.some((target) => target.substituteFor)).toBe(false);
  });
});
