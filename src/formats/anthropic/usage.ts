import type { Usage } from "../../inference/index.ts";

/** Anthropic's usage fields: `input_tokens` excludes what was read from the prompt cache. */
export function anthropicUsage(usage: Usage) {
  return {
    input_tokens: Math.max(0, usage.promptTokens - usage.cacheHitTokens),
    output_tokens: usage.completionTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: usage.cacheHitTokens,
  };
}
