import { AppError } from "../http/app-error.ts";
import { contentText, imageCount, imageTokens } from "../inference/index.ts";
import type { ChatMessage, ContentPart } from "../inference/types.ts";
import type { Message } from "./types.ts";

/**
 * Rough token estimate: about four characters per token for English and code, plus a few tokens of
 * per-message framing. Deliberately simple; the provider's own count arrives with the usage event.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4) + 4;
}

/** The estimate of a prompt message's content: its text, plus `imageTokens` for each image. */
function contentTokens(content: ChatMessage["content"]): number {
  return estimateTokens(contentText(content)) + imageCount(content) * imageTokens;
}

/** A branch message as the prompt takes it: with its attached images as `data:` URLs when the model reads them. */
export type PromptSource = Message & { images?: string[] };

function promptContent(message: PromptSource): ChatMessage["content"] {
  if (!message.images?.length) return message.content;
  const images: ContentPart[] = message.images.map((url) => ({ type: "image_url", image_url: { url } }));
  return message.content === "" ? images : [{ type: "text", text: message.content }, ...images];
}

/**
 * Builds the prompt for a turn from the branch path (oldest first, ending with the user message):
 * only content is sent, never reasoning, and failed empty answers are skipped; the oldest messages are
 * dropped until the prompt fits `contextTokens - reserveTokens`. The last user message always stays.
 * `system` messages (custom instructions) open the prompt, are never dropped and count against the budget.
 */
export function buildPrompt(
  path: PromptSource[],
  contextTokens: number,
  reserveTokens: number,
  system: ChatMessage[] = [],
): ChatMessage[] {
  const usable = path.filter((message) => message.content !== "" || message.role === "user");
  const prompt: ChatMessage[] = usable.map((message) => ({ role: message.role, content: promptContent(message) }));
  const fixed = system.reduce((sum, message) => sum + contentTokens(message.content), 0);
  const budget = Math.max(0, contextTokens - reserveTokens - fixed);
  let total = 0;
  for (const message of prompt) total += contentTokens(message.content);
  let start = 0;
  while (total > budget && start < prompt.length - 1) {
    total -= contentTokens(prompt[start]!.content);
    start++;
  }
  // A conversation should open with the user speaking; drop a leading orphaned assistant answer.
  while (start < prompt.length - 1 && prompt[start]!.role === "assistant") start++;
  return [...system, ...prompt.slice(start)];
}

/**
 * 400 `context_length_exceeded` when one message (with its attached files, `images` of them images) cannot fit the model's context window
 * next to room for the answer: no history could be dropped to make it fit, so the upstream would refuse it.
 */
export function assertFitsContext(text: string, contextTokens: number, reserveTokens: number, images = 0): void {
  const tokens = estimateTokens(text) + images * imageTokens;
  const room = Math.max(0, contextTokens - reserveTokens);
  if (tokens <= room) return;
  throw new AppError(
    400,
    `This message and its files are about ${tokens} tokens, more than the model can read at once (${room} tokens, ` +
      "leaving room for the answer). Attach fewer or smaller files, or split the text.",
    { code: "context_length_exceeded", param: "attachments" },
  );
}
