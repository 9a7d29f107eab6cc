import { RESIDENCY_COUNTRIES } from "../../lib/residency-territories.ts";
import type { ModelCapabilities, PriceRow, RoutingPolicy } from "./policy-schema.ts";

/**
 * The default catalog and routing policy (checked against the providers' documentation on 2026-11-30;
 * every figure's source is cited in docs/inference.md#the-catalog). ROUTING_POLICY overrides any part of it.
 */

/** DeepSeek V4.1 Flash's features (api-docs.deepseek.com/quick_start/pricing: JSON, tools, prefix, FIM, vision). */
const flashCapabilities: ModelCapabilities = {
  thinking: true,
  efforts: ["low", "high", "max"],
  tools: true,
  json: true,
  vision: true,
  fim: true,
  prefix: true,
};

/** deepseek-flash on DeepSeek, USD per 1M tokens; off-peak is half the peak price. */
const flashPrice: PriceRow = {
  cacheHitInput: 0.006,
  cacheMissInput: 0.3,
  output: 1.2,
  offPeak: { cacheHitInput: 0.003, cacheMissInput: 0.15, output: 0.6 },
};

/** deepseek-v4-pro's list price (the model DeepSeek-V4-Pro-0813, as Workers AI still serves it). */
const proPrice: PriceRow = {
  cacheHitInput: 0.044,
  cacheMissInput: 1.32,
  output: 3.96,
  offPeak: { cacheHitInput: 0.022, cacheMissInput: 0.66, output: 1.98 },
};

/** Peak prices without the off-peak discount: providers with no time-of-day pricing. */
function peakOnly({ offPeak: _offPeak, ...peak }: PriceRow): PriceRow {
  return peak;
}

const longContext = { contextTokens: 1_000_000, maxOutputTokens: 384_000 };

/** Chinese public holidays of 2026 (State Council notice of 2025-11-04): off-peak all day on DeepSeek. */
const chineseHolidays2026 = [
  "2026-01-01",
  "2026-01-02",
  "2026-01-03",
  ...["15", "16", "17", "18", "19", "20", "21", "22", "23"].map((day) => `2026-02-${day}`),
  "2026-04-04",
  "2026-04-05",
  "2026-04-06",
  ...["01", "02", "03", "04", "05"].map((day) => `2026-05-${day}`),
  "2026-06-19",
  "2026-06-20",
  "2026-06-21",
  "2026-09-25",
  "2026-09-26",
  "2026-09-27",
  ...["01", "02", "03", "04", "05", "06", "07"].map((day) => `2026-10-${day}`),
];

export const defaultPolicy: RoutingPolicy = {
  models: {
    "deepseek-flash": {
      label: "DeepSeek V4.1 Flash",
      description: "Fast and cheap; thinks by default (switchable); 1M context; tools, JSON, images.",
      capabilities: flashCapabilities,
      thinkingByDefault: true,
      ...longContext,
      providers: { deepseek: "deepseek-flash", "workers-ai": "@cf/deepseek-ai/deepseek-v4-flash-0731" },
      prices: { default: flashPrice, "workers-ai": peakOnly(flashPrice) },
      substitutes: {},
      listed: true,
    },
    "deepseek-v4-pro": {
      label: "DeepSeek V4 Pro",
      description:
        "DeepSeek's larger V4 model (on the DeepSeek API served by V4.1 Flash since 2026-09-14); no image input.",
      capabilities: { ...flashCapabilities, vision: false },
      thinkingByDefault: true,
      ...longContext,
      providers: { deepseek: "deepseek-v4-pro", "workers-ai": "@cf/deepseek-ai/deepseek-v4-pro-0813" },
      // DeepSeek bills deepseek-v4-pro as Flash since it reroutes it there; elsewhere it is the real Pro.
      prices: { default: proPrice, deepseek: flashPrice, "workers-ai": peakOnly(proPrice) },
      substitutes: {},
      listed: true,
    },
  },
  aliases: {
    "deepseek-chat": {
      model: "deepseek-flash",
      thinking: false,
      description: "Retired by DeepSeek on 2026-07-24; here: deepseek-flash with thinking disabled.",
    },
    "deepseek-reasoner": {
      model: "deepseek-flash",
      thinking: true,
      description: "Retired by DeepSeek on 2026-07-24; here: deepseek-flash with thinking enabled.",
    },
  },
  plans: {
    // Free traffic goes to capacity we already pay for (own GPUs, Workers AI) before the per-token API.
    free: {
      models: ["deepseek-flash"],
      providers: ["self-hosted", "workers-ai", "deepseek"],
      maxOutputTokens: 8_192,
      contextTokens: 65_536,
    },
    pro: {
      models: ["deepseek-flash", "deepseek-v4-pro"],
      providers: ["deepseek", "self-hosted", "workers-ai"],
      maxOutputTokens: 32_768,
      contextTokens: 262_144,
    },
    partner: {
      models: ["deepseek-flash", "deepseek-v4-pro"],
      providers: ["deepseek", "self-hosted", "workers-ai"],
      maxOutputTokens: 65_536,
      contextTokens: 1_000_000,
    },
  },
  // DeepSeek's account limits: 2,500 (flash) and 500 (pro) in flight; set maxConcurrency to enforce yours.
  providers: { deepseek: { region: "cn" }, "workers-ai": { region: "cloudflare" } },
  // DeepSeek's peak: Beijing time, Monday-Friday 09:00-12:00 and 14:00-18:00, except Chinese public holidays.
  peakHours: {
    utcOffsetMinutes: 480,
    weekdays: [1, 2, 3, 4, 5],
    windows: [
      ["09:00", "12:00"],
      ["14:00", "18:00"],
    ],
    holidays: chineseHolidays2026,
  },
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
