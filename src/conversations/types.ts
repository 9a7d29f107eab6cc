/** The site API's shapes (docs/site-api.md): what the browser client and the widget receive. */
import type { Usage } from "../inference/types.ts";

export type MessageStatus = "complete" | "stopped" | "error" | "streaming";

/**
 * A knowledge document an answer was given (widget answers): `ref` is the number the answer cites it by (`[1]`),
 * `url` the page it came from, or for pasted text a Worker page that shows it.
 */
export type Source = { ref: number; title: string; url: string };

/** One stored message (every branch), as the site API returns it. */
export type Message = {
  id: string;
  parentId: string | null;
  role: "user" | "assistant";
  content: string;
  reasoning: string | null;
  status: MessageStatus;
  model: string | null;
  provider: string | null;
  servedModel: string | null;
  /** The public model that answered when the one asked for (`model`) was unavailable and a substitute stood in. */
  servedAs: string | null;
  region: string | null;
  simulated: boolean;
  usage: Usage | null;
  reasoningMs: number | null;
  error: { code: string; message: string } | null;
  /** The knowledge the answer was given (widget answers with site knowledge); absent or empty when none. */
  sources?: Source[];
  createdAt: number;
  /** Files sent with a user message (their contents: GET /api/conversations/:id/attachments/:attachmentId). */
  attachments?: AttachmentSummary[];
};

/** A file attached to a user message, without its content. */
export type AttachmentSummary = { id: string; name: string; mediaType: string; size: number };

/**
 * An attachment as a send carries it to the session object: id assigned, size measured, a text file's content in
 * full; an image already stored in R2 under `r2Key` (content empty), so its bytes never cross the RPC.
 */
export type AttachmentUpload = AttachmentSummary & { content: string; r2Key?: string };

export type ConversationSummary = { id: string; title: string; createdAt: number; updatedAt: number };

/** Who served a live turn, as clients see it. */
export type LiveServed = {
  provider: string;
  model: string;
  region: string;
  simulated: boolean;
  /** The substitute's public model id when one stands in for the model asked for, else null. */
  servedAs: string | null;
};

/** The live turn's state so far (GET /api/conversations/:id `live`). */
export type LiveTurn = {
  turnId: string;
  assistantMessageId: string;
  userMessageId: string;
  reasoning: string;
  content: string;
  served: LiveServed | null;
  lastSeq: number;
};

type Body =
  | { type: "turn-start"; turnId: string; userMessage: Message; assistantMessageId: string; model: string }
  | ({ type: "served" } & LiveServed)
  | { type: "reasoning-delta"; text: string }
  | { type: "text-delta"; text: string }
  | { type: "sources"; sources: Source[] }
  | {
      type: "snapshot";
      turnId: string;
      assistantMessageId: string;
      reasoning: string;
      content: string;
      served: LiveServed | null;
    }
  | { type: "turn-end"; turnId: string; status: "complete" | "stopped" | "error"; message: Message }
  | { type: "title"; title: string };

/** An event without its sequence number (the session object numbers them). */
export type LiveEventBody = Body;

/** One live event; `seq` strictly increases per conversation (the SSE `id:`). */
export type LiveEvent = Body & { seq: number };
