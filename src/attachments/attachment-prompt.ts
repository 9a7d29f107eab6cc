import type { AttachmentUpload, Message } from "../chat/types.ts";
import { attachmentsOfMessages } from "./attachment-store.ts";

/** A fence longer than any backtick run in `text`, so a file holding Markdown fences cannot end it early. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return "`".repeat(Math.max(3, longest + 1));
}

/** A user message as the model reads it: what they typed, then each attached file, named and fenced. */
export function withFiles(content: string, files: Array<Pick<AttachmentUpload, "name" | "content">>): string {
  const parts = content === "" ? [] : [content];
  for (const file of files) {
    const fence = fenceFor(file.content);
    parts.push(`Attached file: ${file.name}\n${fence}\n${file.content}\n${fence}`);
  }
  return parts.join("\n\n");
}

/**
 * The branch with each user message's attached files folded into its content, read from D1 only when the branch
 * has any (one query for all of them), so the prompt and its context-window budget include the files.
 */
export async function expandAttachments(db: D1Database, conversationId: string, path: Message[]): Promise<Message[]> {
  const ids = path.filter((message) => message.attachments?.length).map((message) => message.id);
  if (ids.length === 0) return path;
  const files = await attachmentsOfMessages(db, conversationId, ids);
  return path.map((message) => {
    const own = files.filter((file) => file.messageId === message.id);
    return own.length === 0 ? message : { ...message, content: withFiles(message.content, own) };
  });
}
