import { z } from "zod";
import { RESIDENCY_COUNTRIES } from "../lib/residency-territories.ts";
import { deepMerge } from "./deep-merge.ts";

/**
 * The routing policy: which plans may use which models, in which provider order, where each region's data
 * may go, and the timing knobs of failover. It ships as typed defaults; `ROUTING_POLICY` (JSON) is deep-merged
 * over them (objects merge key by key, arrays replace), and the result is validated as a whole.
 */

const providerIdSchema = z.enum(["workers-ai", "deepseek", "self-hosted"]);

const modelSchema = z.object({
  label: z.string().min(1),
  reasoning: z.boolean(),
  contextTokens: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  /** The provider's own model id; absent = that provider does not serve it. Self-hosted ids come from GPU_POOL. */
  providers: z.object({
    deepseek: z.string().min(1).optional(),
    "workers-ai": z.string().min(1).optional(),
  }),
});

const planSchema = z.object({
  /** Public model ids, the chat model first. */
  models: z.array(z.string().min(1)),
  /** Preferred provider order; a provider not listed is never used for this plan. */
  providers: z.array(providerIdSchema).min(1),
  maxOutputTokens: z.number().int().positive(),
  contextTokens: z.number().int().positive(),
});

const residencySchema = z.object({
  /** Shown in route explanations. */
  name: z.string().min(1),
  countries: z.array(z.string().length(2)).default([]),
  continents: z.array(z.string().length(2)).default([]),
  /** Data regions (a GPU server's `region`, `providers.<id>.region`) its visitors' requests may go to. */
  dataRegions: z.array(z.string().min(1)),
});

export const routingPolicySchema = z.object({
  models: z.record(z.string(), modelSchema),
  plans: z.record(z.string(), planSchema),
  /** Where each single-endpoint provider sends data. */
  providers: z.object({
    deepseek: z.object({ region: z.string().min(1) }),
    "workers-ai": z.object({ region: z.string().min(1) }),
  }),
  regions: z.object({
    /** Countries refused outright (451). */
    refusedCountries: z.array(z.string().length(2)),
    /** First matching rule applies; a visitor matching none may use every data region. */
    residency: z.array(residencySchema),
    /** Rule name applied when the country is unknown (local dev, some proxies); null = no restriction. */
    unknownCountryRule: z.string().nullable(),
  }),
  timeouts: z.object({
    /** From sending the request to the first token (reasoning or text). */
    firstTokenMs: z.number().int().positive(),
    /** Longest silence allowed between two chunks once streaming. */
    stallMs: z.number().int().positive(),
    /** Whole-body bound for non-streamed completions. */
    completionMs: z.number().int().positive(),
  }),
  retry: z.object({
    /** Upstream requests per client request, all targets together. */
    maxAttempts: z.number().int().positive(),
    /** A 429's retry-after longer than this sends the request elsewhere instead of waiting. */
    retryAfterMaxMs: z.number().int().nonnegative(),
    /** Base of the jittered backoff before a target is tried a second time. */
    backoffMs: z.number().int().nonnegative(),
  }),
  breaker: z.object({
    /** Consecutive failures that open a target's circuit. */
    failureThreshold: z.number().int().positive(),
    /** First open period; doubles each time a probe fails, up to maxOpenMs. */
    openMs: z.number().int().positive(),
    maxOpenMs: z.number().int().positive(),
    /** After closing, a server's weight ramps from 10% to 100% over this period (gradual return). */
    rampMs: z.number().int().nonnegative(),
    /** How long an isolate trusts its cached health snapshot. */
    cacheMs: z.number().int().nonnegative(),
  }),
});

export type RoutingPolicy = z.infer<typeof routingPolicySchema>;
export type ResidencyRule = z.infer<typeof residencySchema>;

const deepseekModels = { contextTokens: 65_536, maxOutputTokens: 8_192 };

export const defaultPolicy: RoutingPolicy = {
  models: {
    "deepseek-chat": {
      label: "DeepSeek-V3",
      reasoning: false,
      ...deepseekModels,
      providers: { deepseek: "deepseek-chat", "workers-ai": "@cf/meta/llama-3.3-70b-instruct-fp8-fast" },
    },
    "deepseek-reasoner": {
      label: "DeepSeek-R1",
      reasoning: true,
      ...deepseekModels,
      providers: { deepseek: "deepseek-reasoner", "workers-ai": "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b" },
    },
  },
  plans: {
    // Free traffic goes to capacity we already pay for (own GPUs, Workers AI) before the per-token API.
    free: {
      models: ["deepseek-chat", "deepseek-reasoner"],
      providers: ["self-hosted", "workers-ai", "deepseek"],
      maxOutputTokens: 4_096,
      contextTokens: 32_768,
    },
    pro: {
      models: ["deepseek-chat", "deepseek-reasoner"],
      providers: ["deepseek", "self-hosted", "workers-ai"],
      maxOutputTokens: 8_192,
      contextTokens: 65_536,
    },
    partner: {
      models: ["deepseek-chat", "deepseek-reasoner"],
      providers: ["deepseek", "self-hosted", "workers-ai"],
      maxOutputTokens: 8_192,
      contextTokens: 65_536,
    },
  },
  providers: { deepseek: { region: "cn" }, "workers-ai": { region: "cloudflare" } },
  regions: {
    refusedCountries: [],
    residency: [
      {
        name: "eu-residency",
        countries: [...RESIDENCY_COUNTRIES],
        continents: [],
        dataRegions: ["eu", "cloudflare"],
      },
    ],
    unknownCountryRule: null,
  },
  timeouts: { firstTokenMs: 15_000, stallMs: 30_000, completionMs: 300_000 },
  retry: { maxAttempts: 4, retryAfterMaxMs: 2_000, backoffMs: 100 },
  breaker: { failureThreshold: 3, openMs: 10_000, maxOpenMs: 300_000, rampMs: 30_000, cacheMs: 5_000 },
};

/** Parses ROUTING_POLICY (JSON text or null for defaults); throws an Error whose message says what is wrong. */
export function parseRoutingPolicy(raw: string | null): RoutingPolicy {
  if (raw === null) return defaultPolicy;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error("not valid JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error("must be a JSON object");
  const parsed = routingPolicySchema.safeParse(deepMerge(defaultPolicy, json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".") || "value"}: ${issue?.message ?? "invalid"}`);
  }
  const problem = crossReferenceProblem(parsed.data);
  if (problem) throw new Error(problem);
  return normaliseCountries(parsed.data);
}

/** Names a plan model or unknown-country rule that points at nothing. */
function crossReferenceProblem(policy: RoutingPolicy): string | null {
  for (const [plan, { models }] of Object.entries(policy.plans)) {
    for (const model of models) {
      if (!policy.models[model]) return `plans.${plan}.models: unknown model "${model}"`;
    }
  }
  const rule = policy.regions.unknownCountryRule;
  if (rule !== null && !policy.regions.residency.some((candidate) => candidate.name === rule)) {
    return `regions.unknownCountryRule: no residency rule named "${rule}"`;
  }
  return null;
}

function normaliseCountries(policy: RoutingPolicy): RoutingPolicy {
  const upper = (codes: string[]) => codes.map((code) => code.toUpperCase());
  return {
    ...policy,
    regions: {
      ...policy.regions,
      refusedCountries: upper(policy.regions.refusedCountries),
      residency: policy.regions.residency.map((rule) => ({
        ...rule,
        countries: upper(rule.countries),
        continents: upper(rule.continents),
      })),
    },
  };
}
