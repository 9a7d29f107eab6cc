import type { PlainMessage } from "./messages.ts";

/** DeepSeek-shaped token usage. */
export type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_cache_hit_tokens: number;
  prompt_cache_miss_tokens: number;
  completion_tokens_details: { reasoning_tokens: number };
};

/** Deterministic token estimate for one message: ceil(chars / 4) + 4. */
export function messageTokens(message: PlainMessage): number {
  return Math.ceil(message.text.length / 4) + 4;
}

/** Usage for a request; every message but the last counts as a prompt-cache hit. */
export function buildUsage(messages: PlainMessage[], reasoningTokens: number, contentTokens: number): Usage {
  let prompt = 0;
  let hit = 0;
  messages.forEach((m, i) => {
    const n = messageTokens(m);
    prompt += n;
    if (i < messages.length - 1) hit += n;
  });
  const completion = reasoningTokens + contentTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_cache_hit_tokens: hit,
    prompt_cache_miss_tokens: prompt - hit,
    completion_tokens_details: { reasoning_tokens: reasoningTokens },
  };
}
