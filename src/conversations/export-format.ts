import { withFiles } from "../attachments/attachment-prompt.ts";
import type { StoredAttachment } from "../attachments/attachment-store.ts";
import type { ConversationRow } from "../db/queries/conversations.ts";
import type { Message } from "./types.ts";

/**
 * Markdown of the visible branch: a heading, the custom instructions if any, then each message with its attached
 * files in full (images as links); reasoning folded in a details block.
 */
export function exportMarkdown(
  conversation: ConversationRow,
  branch: Message[],
  files: StoredAttachment[] = [],
): string {
  const lines = [`# ${conversation.title}`, "", `_Exported from edgechat on ${new Date().toISOString()}_`, ""];
  if (conversation.instructions) lines.push("## Custom instructions", "", conversation.instructions, "");
  for (const message of branch) {
    if (message.role === "user") {
      const own = files.filter((file) => file.messageId === message.id);
      const images = own.filter((file) => file.r2Key).map((file) => `![${file.name}](${attachmentUrl(file)})`);
      lines.push(
        "## You",
        "",
        withFiles(
          message.content,
          own.filter((file) => !file.r2Key),
        ),
        "",
      );
      if (images.length > 0) lines.push(...images, "");
      continue;
    }
    const who = message.model ? `## Assistant (${message.model})` : "## Assistant";
    lines.push(who, "");
    if (message.reasoning) {
      lines.push("<details><summary>Reasoning</summary>", "", message.reasoning, "", "</details>", "");
    }
    lines.push(message.content, "");
    if (message.status !== "complete") lines.push(`_(${message.status})_`, "");
  }
  return lines.join("\n");
}

/** JSON of the whole conversation: every branch, with the current leaf to rebuild the visible one, files in full. */
export function exportJson(conversation: ConversationRow, all: Message[], files: StoredAttachment[] = []): string {
  return JSON.stringify(
    {
      id: conversation.id,
      title: conversation.title,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
      currentLeafId: conversation.currentLeafId,
      instructions: conversation.instructions,
      messages: withFileContents(all, files),
    },
    null,
    2,
  );
}

/**
 * Where an attached image is read (the owner's session only): exports link images rather than inline megabytes of
 * base64, so a Markdown export stays readable.
 */
function attachmentUrl(file: Pick<StoredAttachment, "id" | "conversationId">): string {
  return `/api/conversations/${file.conversationId}/attachments/${file.id}`;
}

/** Messages whose `attachments` carry each text file's content too, and each image's URL (exports hand over everything). */
export function withFileContents(messages: Message[], files: StoredAttachment[]): Message[] {
  if (files.length === 0) return messages;
  return messages.map((message) => {
    if (!message.attachments) return message;
    const attachments = files
      .filter((file) => file.messageId === message.id)
      .map(({ messageId: _message, conversationId: _conversation, r2Key, content, ...file }) =>
        r2Key ? { ...file, url: attachmentUrl({ id: file.id, conversationId: _conversation }) } : { ...file, content },
      );
    return { ...message, attachments };
  });
}

/** A safe download file name from a title. */
export function exportFileName(title: string, extension: "md" | "json"): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "conversation"}.${extension}`;
}
