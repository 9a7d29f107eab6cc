/** A chat message reduced to its role and plain text, and how many images it carried (counted, never read). */
export type PlainMessage = { role: string; text: string; images?: number };

/** Image parts in OpenAI message content (`image_url`; the Responses API's `input_image`). */
export function imageParts(content: unknown): number {
  if (!Array.isArray(content)) return 0;
  return content.filter((part) => isRecord(part) && (part.type === "image_url" || part.type === "input_image")).length;
}

/** Flattens OpenAI message content (string or array of parts) into plain text. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const parts: string[] = [];
  for (const part of content) {
    if (typeof part === "string") parts.push(part);
    else if (isRecord(part) && typeof part.text === "string") parts.push(part.text);
  }
  return parts.join("\n");
}

/** Converts a request's `messages` array into plain messages, or null when it is not an array. */
export function toPlainMessages(messages: unknown): PlainMessage[] | null {
  if (!Array.isArray(messages)) return null;
  return messages.map((m) =>
    isRecord(m)
      ? {
          role: typeof m.role === "string" ? m.role : "user",
          text: contentText(m.content),
          ...(imageParts(m.content) > 0 ? { images: imageParts(m.content) } : {}),
        }
      : { role: "user", text: "" },
  );
}

/** Returns the text of the last user message (empty when there is none). */
export function lastUserText(messages: PlainMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user") return message.text;
  }
  return "";
}

/** True when the value is a plain non-null object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
