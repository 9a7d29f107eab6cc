import type { Message } from "../../conversations/types.ts";
import { branchPath } from "../../db/queries/messages.ts";

/** One transcript line of a hand-off webhook. */
export type TranscriptLine = { role: "user" | "assistant"; content: string; createdAt: string };

/** The webhook's JSON body (docs/admin-api.md, "Hand-off webhook"). */
export type HandoffPayload = {
  site: { id: string; name: string };
  handoff: { id: string; email: string; note: string; conversationId: string | null; createdAt: string };
  transcript: TranscriptLine[];
};

/** The conversation as the visitor sees it: the visible branch, without answers still streaming or empty. */
export function transcriptOf(messages: Message[], leafId: string | null): TranscriptLine[] {
  return branchPath(messages, leafId)
    .filter((message) => message.status !== "streaming" && message.content !== "")
    .map((message) => ({
      role: message.role,
      content: message.content,
      createdAt: new Date(message.createdAt).toISOString(),
    }));
}
