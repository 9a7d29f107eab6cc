import type { ConversationRow } from "../db/queries/conversations.ts";
import type { Message } from "./types.ts";

/** Markdown of the visible branch: a heading, then each message; reasoning folded in a details block. */
export function exportMarkdown(conversation: ConversationRow, branch: Message[]): string {
  const lines = [`# ${conversation.title}`, "", `_Exported from edgechat on ${new Date().toISOString()}_`, ""];
  for (const message of branch) {
    if (message.role === "user") {
      lines.push("## You", "", message.content, "");
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

/** JSON of the whole conversation: every branch, with the current leaf to rebuild the visible one. */
export function exportJson(conversation: ConversationRow, all: Message[]): string {
  return JSON.stringify(
    {
      id: conversation.id,
      title: conversation.title,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
      currentLeafId: conversation.currentLeafId,
      messages: all,
    },
    null,
    2,
  );
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
