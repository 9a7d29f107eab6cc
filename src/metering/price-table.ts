import { resolveModel } from "../inference/routing/catalog.ts";
import { defaultPolicy } from "../inference/routing/default-policy.ts";
import { findEmbeddingModel } from "../inference/routing/embedding-models.ts";
import type { PeakHours, Price, PriceRow, RoutingPolicy } from "../inference/routing/policy-schema.ts";
import type { Usage } from "../inference/types.ts";

/**
 * What we charge, from the catalog's price rows (data: `models.<id>.prices` in the routing policy, overridable by
 * ROUTING_POLICY): per model and provider, cache-hit / cache-miss input and output in US dollars per million
 * tokens (= micro-dollars per token), with an off-peak price outside the policy's peak hours. The window is the
 * one in force when the request starts.
 */

export type ModelPrice = Price;

/** Which catalog and when: prices are looked up in `policy` at the request's start time `at` (epoch ms). */
export type PriceContext = { policy: RoutingPolicy; at: number };

/** Price used for a model missing from the catalog: the dearest peak price listed, so we never under-reserve. */
export function fallbackPrice(policy: RoutingPolicy = defaultPolicy): ModelPrice {
  const worst: ModelPrice = { cacheHitInput: 0, cacheMissInput: 0, output: 0 };
  for (const spec of Object.values(policy.models)) {
    for (const row of Object.values(spec.prices)) {
      if (!row) continue;
      worst.cacheHitInput = Math.max(worst.cacheHitInput, row.cacheHitInput);
      worst.cacheMissInput = Math.max(worst.cacheMissInput, row.cacheMissInput);
      worst.output = Math.max(worst.output, row.output);
    }
  }
  return worst;
}

/** The latest answer per peak-hours table: windows are whole minutes, so one answer holds for its minute. */
const peakByMinute = new WeakMap<PeakHours, { minute: number; peak: boolean }>();

/**
 * True when `at` falls in a peak window (local weekday and time at the policy's UTC offset, not a holiday).
 * Remembered per table for the current minute: every request and settlement asks (a Date, an ISO string and
 * string splits each time, measured as ~10 µs of the /v1 path's CPU).
 */
export function isPeak(hours: PeakHours, at: number): boolean {
  const minute = Math.floor(at / 60_000);
  const cached = peakByMinute.get(hours);
  if (cached?.minute === minute) return cached.peak;
  const peak = computePeak(hours, at);
  peakByMinute.set(hours, { minute, peak });
  return peak;
}

function computePeak(hours: PeakHours, at: number): boolean {
  const local = new Date(at + hours.utcOffsetMinutes * 60_000);
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  if (!hours.weekdays.includes(weekday)) return false;
  if (hours.holidays.includes(local.toISOString().slice(0, 10))) return false;
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  return hours.windows.some(([start, end]) => minutes >= toMinutes(start) && minutes < toMinutes(end));
}

function toMinutes(clock: string): number {
  const [hours = 0, minutes = 0] = clock.split(":").map(Number);
  return hours * 60 + minutes;
}

/** Each row's peak price without its `offPeak` field, made once per row (the policy is parsed once per isolate). */
const peakPrices = new WeakMap<PriceRow, ModelPrice>();

function priceAt(row: PriceRow, hours: PeakHours, at: number): ModelPrice {
  if (row.offPeak && !isPeak(hours, at)) return row.offPeak;
  let peak = peakPrices.get(row);
  if (!peak) {
    const { offPeak: _offPeak, ...rest } = row;
    peak = rest;
    peakPrices.set(row, peak);
  }
  return peak;
}

/** The price of `model` (or alias) on `provider` at `at`: the provider's row, else the model's default row. */
export function priceOf(model: string, provider: string | null, pricing?: PriceContext): ModelPrice {
  const policy = pricing?.policy ?? defaultPolicy;
  const at = pricing?.at ?? Date.now();
  const spec = resolveModel(policy, model)?.spec;
  if (!spec) return embeddingPrice(model) ?? fallbackPrice(policy);
  const specific = provider && provider in spec.prices ? spec.prices[provider as keyof typeof spec.prices] : undefined;
  return priceAt(specific ?? spec.prices.default, policy.peakHours, at);
}

/** Cost of `usage` in integer micro-dollars (rounded up: we never bill a fraction of a micro-dollar down to 0). */
export function costMicros(model: string, provider: string | null, usage: Usage, pricing?: PriceContext): number {
  const price = priceOf(model, provider, pricing);
  const hit = Math.min(usage.cacheHitTokens, usage.promptTokens);
  // Providers without a prompt cache report neither field: every prompt token is a miss.
  const miss = Math.max(usage.promptTokens - hit, 0);
  const micros = hit * price.cacheHitInput + miss * price.cacheMissInput + usage.completionTokens * price.output;
  return Math.ceil(micros - 1e-9);
}

/**
 * Worst-case cost of a request before it runs: every prompt token a miss, every allowed output token used,
 * at the dearest provider's prices for the model in the window in force now (the router may pick any of them).
 */
export function worstCaseMicros(
  model: string,
  promptTokens: number,
  maxOutputTokens: number,
  pricing?: PriceContext,
): number {
  const policy = pricing?.policy ?? defaultPolicy;
  const at = pricing?.at ?? Date.now();
  const spec = resolveModel(policy, model)?.spec;
  const prices = spec
    ? Object.values(spec.prices).flatMap((row) => (row ? [priceAt(row, policy.peakHours, at)] : []))
    : [embeddingPrice(model) ?? fallbackPrice(policy)];
  let worst = 0;
  for (const price of prices) {
    worst = Math.max(worst, promptTokens * price.cacheMissInput + maxOutputTokens * price.output);
  }
  return Math.ceil(worst);
}

/**
 * An embedding model's price (embedding-models.ts): its input-token price for every prompt token, cache or
 * not, and nothing for output; null for a name that is not an embedding model.
 */
function embeddingPrice(model: string): ModelPrice | null {
  const embedding = findEmbeddingModel(model);
  if (!embedding) return null;
  return { cacheHitInput: embedding.pricePerMillion, cacheMissInput: embedding.pricePerMillion, output: 0 };
}
