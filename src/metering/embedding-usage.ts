// What an embedding call costs in tokens, the same for `/v1/embeddings` and for site knowledge: input only, and
// when the provider does not count (Workers AI) an estimate of about four characters a token.
import type { Usage } from "../inference/types.ts";

/** Estimated tokens of one embedding input. */
export function estimateEmbeddingTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The usage of an embedding call that read `promptTokens` (reported, or the estimate of every input). */
export function embeddingUsage(promptTokens: number): Usage {
  return { promptTokens, completionTokens: 0, reasoningTokens: 0, cacheHitTokens: 0, cacheMissTokens: promptTokens };
}
