import * as z from "zod";

// A leaf (zod only): the inference layer's types.ts names its shapes, so it must import nothing of the layer.
/**
 * The shape of the routing policy and model catalog (validated as a whole after ROUTING_POLICY is merged over
 * the defaults in default-policy.ts). Data, not code: a model, an alias, a price or a plan is one entry.
 */

export const providerIdSchema = z.enum(["workers-ai", "deepseek", "self-hosted"]);

/** Every effort name a client may send (OpenAI's, DeepSeek's, the Responses API's `none`; see thinking.ts). */
export const requestedEfforts = ["none", "minimal", "low", "medium", "high", "xhigh", "max", "ultra"] as const;

/** DeepSeek's effort levels; every requested effort maps onto one of them (see thinking.ts). */
export const effortSchema = z.enum(["low", "high", "max"]);

/** What a model can do; the router and the API surfaces read these, never model names. */
const capabilitiesSchema = z.object({
  /** Has the thinking switch (reasoning streamed before the answer). */
  thinking: z.boolean(),
  /** Effort levels it honours (empty: none). */
  efforts: z.array(effortSchema),
  tools: z.boolean(),
  /** `response_format: {type: "json_object"}`. */
  json: z.boolean(),
  vision: z.boolean(),
  /** Fill-in-the-middle completion (non-thinking only on DeepSeek). */
  fim: z.boolean(),
  /** Chat-prefix completion (beta on DeepSeek). */
  prefix: z.boolean(),
});

/** Prices in US dollars per million tokens (= micro-dollars per token). */
export const priceSchema = z.object({
  /** Prompt tokens served from the provider's prompt cache. */
  cacheHitInput: z.number().nonnegative(),
  /** Prompt tokens not in the cache (all prompt tokens when the provider reports no cache). */
  cacheMissInput: z.number().nonnegative(),
  /** Completion tokens, reasoning included (DeepSeek counts reasoning inside completion_tokens). */
  output: z.number().nonnegative(),
});

/** A price row: the peak (standard) price, and optionally the price outside the policy's peak windows. */
export const priceRowSchema = priceSchema.extend({ offPeak: priceSchema.optional() });

const modelSchema = z.object({
  /** Human name, shown in pickers and in "answered by" notices. */
  label: z.string().min(1),
  description: z.string().default(""),
  capabilities: capabilitiesSchema,
  /** Whether the model thinks when a request does not say (DeepSeek: enabled by default). */
  thinkingByDefault: z.boolean(),
  contextTokens: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  /** The provider's own model id; absent = that provider does not serve it. Self-hosted ids come from GPU_POOL. */
  providers: z.object({
    deepseek: z.string().min(1).optional(),
    "workers-ai": z.string().min(1).optional(),
  }),
  /** Price rows by provider (`default` applies to providers without their own row). */
  prices: z.object({
    default: priceRowSchema,
    deepseek: priceRowSchema.optional(),
    "workers-ai": priceRowSchema.optional(),
    "self-hosted": priceRowSchema.optional(),
  }),
  /**
   * Other public models the router may fall back to, per plan, when no target of this model can answer.
   * An answer from a substitute is always labelled as such; absent = never substituted.
   */
  substitutes: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /** Listed by /v1/models and pickers; false for models that exist only as substitutes. */
  listed: z.boolean().default(true),
});

/** A public id kept for compatibility: the model it stands for and the thinking default it implies. */
const aliasSchema = z.object({
  model: z.string().min(1),
  /** Thinking when the request does not say (overrides the model's default). */
  thinking: z.boolean(),
  description: z.string().default(""),
});

const planSchema = z.object({
  /** Public model ids, the default chat model first. */
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

const singleProviderSchema = z.object({
  region: z.string().min(1),
  /**
   * Requests in flight allowed at once across every isolate (the provider account's concurrency limit); at the
   * limit a request goes to the next allowed target. Absent = not counted (no Durable Object call).
   */
  maxConcurrency: z.number().int().positive().optional(),
});

/** When prices are at their peak: weekly windows in a fixed UTC offset, except listed holidays. */
const peakHoursSchema = z.object({
  /** Minutes east of UTC of the clock the windows are written in (Beijing time: 480). */
  utcOffsetMinutes: z.number().int().min(-720).max(840),
  /** ISO weekdays (1 = Monday ... 7 = Sunday) the windows apply on. */
  weekdays: z.array(z.number().int().min(1).max(7)),
  /** `["09:00", "12:00"]` pairs, local to the offset, end exclusive. */
  windows: z.array(z.tuple([z.string().regex(/^\d\d:\d\d$/), z.string().regex(/^\d\d:\d\d$/)])),
  /** Local dates (`YYYY-MM-DD`) that are off-peak all day. */
  holidays: z.array(z.string().regex(/^\d{4}-\d\d-\d\d$/)).default([]),
});

export const routingPolicySchema = z.object({
  models: z.record(z.string(), modelSchema),
  aliases: z.record(z.string(), aliasSchema).default({}),
  plans: z.record(z.string(), planSchema),
  /** Where each single-endpoint provider sends data, and its account-wide concurrency limit. */
  providers: z.object({ deepseek: singleProviderSchema, "workers-ai": singleProviderSchema }),
  /** The peak-price clock for price rows with an `offPeak` price. */
  peakHours: peakHoursSchema,
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
export type ModelCapabilities = z.infer<typeof capabilitiesSchema>;
export type Effort = z.infer<typeof effortSchema>;
export type RequestedEffort = (typeof requestedEfforts)[number];
export type ResidencyRule = z.infer<typeof residencySchema>;
export type ModelSpec = z.infer<typeof modelSchema>;
export type Price = z.infer<typeof priceSchema>;
export type PriceRow = z.infer<typeof priceRowSchema>;
export type PeakHours = z.infer<typeof peakHoursSchema>;
