import type { Usage } from "../types.ts";

/** Rough token count of text (4 characters a token), for when an upstream never sent its usage. */
function estimateTokens(characters: number): number {
  return Math.ceil(characters / 4);
}

/** Estimated usage from character counts: a stream cut short, or cancelled, still gets metered. */
export function estimateUsage(promptCharacters: number, reasoningCharacters: number, textCharacters: number): Usage {
  const reasoningTokens = estimateTokens(reasoningCharacters);
  const promptTokens = estimateTokens(promptCharacters);
  return {
    promptTokens,
    completionTokens: reasoningTokens + estimateTokens(textCharacters),
    reasoningTokens,
    cacheHitTokens: 0,
    cacheMissTokens: promptTokens,
  };
}
