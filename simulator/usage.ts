import type { PlainMessage } from "./messages.ts";

/**
 * DeepSeek-shaped token usage: its cache split (`prompt_cache_hit_tokens` / `prompt_cache_miss_tokens`,
 * https://api-docs.deepseek.com/guides/kv_cache) next to OpenAI's `prompt_tokens_details.cached_tokens`, and
 * `completion_tokens_details.reasoning_tokens` when the request thought.
 */
export type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number } | null;
  prompt_cache_hit_tokens?: number;
  prompt_cache_miss_tokens?: number;
  completion_tokens_details?: { reasoning_tokens: number };
};

/** Which server's usage object to produce. */
export type UsageDialect = "deepseek" | "vllm";

/**
 * Tokens the simulator charges per image: OpenAI's high-detail 768×768 figure, 85 + 4 × 170
 * (https://platform.openai.com/docs/guides/images-vision#calculating-costs), as edgechat estimates it too.
 */
export const imageTokens = 765;

/** Deterministic token estimate for one message: ceil(chars / 4) + 4, plus 765 per image. */
export function messageTokens(message: PlainMessage): number {
  return Math.ceil(message.text.length / 4) + 4 + (message.images ?? 0) * imageTokens;
}

/** Prompt tokens of a request and how many of them the prefix cache serves (every message but the last). */
export function promptTokens(messages: PlainMessage[]): { prompt: number; hit: number } {
  let prompt = 0;
  let hit = 0;
  messages.forEach((m, i) => {
    const n = messageTokens(m);
    prompt += n;
    if (i < messages.length - 1) hit += n;
  });
  return { prompt, hit };
}

/**
 * Usage for a request. DeepSeek reports the cache split and, in thinking mode, the reasoning tokens (its
 * non-thinking responses carry no `completion_tokens_details`); vLLM reports the three totals and
 * `prompt_tokens_details: null` (no prefix-cache accounting unless enabled).
 */
export function buildUsage(
  messages: PlainMessage[],
  reasoningTokens: number,
  contentTokens: number,
  dialect: UsageDialect = "deepseek",
): Usage {
  const { prompt, hit } = promptTokens(messages);
  const completion = reasoningTokens + contentTokens;
  const totals = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (dialect === "vllm") return { ...totals, prompt_tokens_details: null };
  const usage: Usage = {
    ...totals,
    prompt_tokens_details: { cached_tokens: hit },
    prompt_cache_hit_tokens: hit,
    prompt_cache_miss_tokens: prompt - hit,
  };
  if (reasoningTokens > 0) usage.completion_tokens_details = { reasoning_tokens: reasoningTokens };
  return usage;
}
