/** The site API's shapes (docs/site-api.md) for the Worker: the contract module declares them once, for the UI too. */
import type { AttachmentSummary } from "../contract/site-api.ts";

export type {
  AttachmentSummary,
  ConversationSummary,
  LiveEvent,
  LiveEventBody,
  LiveServed,
  LiveTurn,
  Message,
  Source,
} from "../contract/site-api.ts";

/**
 * An attachment as a send carries it to the session object: id assigned, size measured, a text file's content in
 * full; an image already stored in R2 under `r2Key` (content empty), so its bytes never cross the RPC.
 */
export type AttachmentUpload = AttachmentSummary & { content: string; r2Key?: string };
