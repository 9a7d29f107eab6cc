import type { ProviderId, Usage } from "../inference/types.ts";

/** Prices of one model on one provider, in US dollars per million tokens (= micro-dollars per token). */
export type ModelPrice = {
  /** Prompt tokens served from the provider's prompt cache. */
  cacheHitInput: number;
  /** Prompt tokens not in the cache (all prompt tokens when the provider reports no cache). */
  cacheMissInput: number;
  /** Completion tokens, reasoning included (DeepSeek counts reasoning inside completion_tokens). */
  output: number;
};

/**
 * What we charge per model and provider. Data, not code: a new provider or model is one line.
 * DeepSeek's public list prices; the self-hosted GPU pool and Workers AI are priced the same so a
 * partner's bill never depends on which target the router picked.
 */
export const priceTable: Record<string, Partial<Record<ProviderId | "default", ModelPrice>>> = {
  "deepseek-chat": {
    default: { cacheHitInput: 0.07, cacheMissInput: 0.27, output: 1.1 },
  },
  "deepseek-reasoner": {
    default: { cacheHitInput: 0.14, cacheMissInput: 0.55, output: 2.19 },
  },
};

/** Price used for a model missing from the table: the dearest listed, so we never under-reserve a budget. */
export const fallbackPrice: ModelPrice = { cacheHitInput: 0.14, cacheMissInput: 0.55, output: 2.19 };

/** The price of `model` on `provider` (provider-specific row, else the model's default, else the fallback). */
export function priceOf(model: string, provider: string | null): ModelPrice {
  const row = priceTable[model];
  if (!row) return fallbackPrice;
  const specific = provider ? row[provider as ProviderId] : undefined;
  return specific ?? row.default ?? fallbackPrice;
}

/** Cost of `usage` in integer micro-dollars (rounded up: we never bill a fraction of a micro-dollar down to 0). */
export function costMicros(model: string, provider: string | null, usage: Usage): number {
  const price = priceOf(model, provider);
  const hit = Math.min(usage.cacheHitTokens, usage.promptTokens);
  // Providers without a prompt cache report neither field: every prompt token is a miss.
  const miss = Math.max(usage.promptTokens - hit, 0);
  const micros = hit * price.cacheHitInput + miss * price.cacheMissInput + usage.completionTokens * price.output;
  return Math.ceil(micros - 1e-9);
}

/**
 * Worst-case cost of a request before it runs: every prompt token a miss, every allowed output token used,
 * at the dearest provider's prices for the model (the router may pick any of them).
 */
export function worstCaseMicros(model: string, promptTokens: number, maxOutputTokens: number): number {
  const row = priceTable[model];
  const prices = row ? Object.values(row) : [fallbackPrice];
  let worst = 0;
  for (const price of prices) {
    if (price) worst = Math.max(worst, promptTokens * price.cacheMissInput + maxOutputTokens * price.output);
  }
  return Math.ceil(worst);
}
