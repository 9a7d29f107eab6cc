import type { ChatMessage } from "../types.ts";

/** The text of a message's content (a multimodal message's text parts joined). */
export function contentText(content: ChatMessage["content"]): string {
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

/** How many images a message's content carries. */
export function imageCount(content: ChatMessage["content"]): number {
  return typeof content === "string" ? 0 : content.filter((part) => part.type === "image_url").length;
}

/**
 * Tokens one image is counted as when estimating a prompt: OpenAI's cost of a high-detail image scaled to
 * 768×768, 85 + 4 tiles × 170 = 765 (https://platform.openai.com/docs/guides/images-vision#calculating-costs);
 * DeepSeek publishes no per-image figure, and its usage report replaces the estimate when the answer arrives.
 */
export const imageTokens = 765;

/** A prompt's size in characters for estimates (about four a token), an image counted as `imageTokens`. */
export function promptCharacters(messages: ChatMessage[]): number {
  return messages.reduce(
    (sum, message) => sum + contentText(message.content).length + imageCount(message.content) * imageTokens * 4,
    0,
  );
}
