import type { ChatMessage } from "../inference/types.ts";
import type { Message } from "./types.ts";

/**
 * Rough token estimate: about four characters per token for English and code, plus a few tokens of
 * per-message framing. Deliberately simple; the provider's own count arrives with the usage event.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4) + 4;
}

/**
 * Builds the prompt for a turn from the branch path (oldest first, ending with the user message):
 * only content is sent, never reasoning, and failed empty answers are skipped; the oldest messages are
 * dropped until the prompt fits `contextTokens - reserveTokens`. The last user message always stays.
 */
export function buildPrompt(path: Message[], contextTokens: number, reserveTokens: number): ChatMessage[] {
  const usable = path.filter((message) => message.content !== "" || message.role === "user");
  const prompt: ChatMessage[] = usable.map((message) => ({ role: message.role, content: message.content }));
  const budget = Math.max(0, contextTokens - reserveTokens);
  let total = 0;
  for (const message of prompt) total += estimateTokens(message.content);
  let start = 0;
  while (total > budget && start < prompt.length - 1) {
    total -= estimateTokens(prompt[start]!.content);
    start++;
  }
  // A conversation should open with the user speaking; drop a leading orphaned assistant answer.
  while (start < prompt.length - 1 && prompt[start]!.role === "assistant") start++;
  return prompt.slice(start);
}
