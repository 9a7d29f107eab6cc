import { AppError } from "../errors/app-error.ts";
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
 * `system` messages (custom instructions) open the prompt, are never dropped and count against the budget.
 */
export function buildPrompt(
  path: Message[],
  contextTokens: number,
  reserveTokens: number,
  system: ChatMessage[] = [],
): ChatMessage[] {
  const usable = path.filter((message) => message.content !== "" || message.role === "user");
  const prompt: ChatMessage[] = usable.map((message) => ({ role: message.role, content: message.content }));
  const fixed = system.reduce((sum, message) => sum + estimateTokens(message.content), 0);
  const budget = Math.max(0, contextTokens - reserveTokens - fixed);
  let total = 0;
  for (const message of prompt) total += estimateTokens(message.content);
  let start = 0;
  while (total > budget && start < prompt.length - 1) {
    total -= estimateTokens(prompt[start]!.content);
    start++;
  }
  // A conversation should open with the user speaking; drop a leading orphaned assistant answer.
  while (start < prompt.length - 1 && prompt[start]!.role === "assistant") start++;
  return [...system, ...prompt.slice(start)];
}

/**
 * 400 `context_length_exceeded` when one message (with its attached files) cannot fit the model's context window
 * next to room for the answer: no history could be dropped to make it fit, so the upstream would refuse it.
 */
export function assertFitsContext(text: string, contextTokens: number, reserveTokens: number): void {
  const tokens = estimateTokens(text);
  const room = Math.max(0, contextTokens - reserveTokens);
  if (tokens <= room) return;
  throw new AppError(
    400,
    `This message and its files are about ${tokens} tokens, more than the model can read at once (${room} tokens, ` +
      "leaving room for the answer). Attach fewer or smaller files, or split the text.",
    { code: "context_length_exceeded", param: "attachments" },
  );
}
