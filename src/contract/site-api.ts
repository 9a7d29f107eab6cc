// The site API's contract (docs/site-api.md): what `/api/*` sends the chat site and the widget, written once.
// The Worker types what it sends with these; the browser parses what it receives with the same schemas.
// zod/mini keeps the UI bundles small; this file imports nothing internal so either side can take it.
// Lenient in, strict out: a field an older row, share or Worker version may lack parses to its default, so both
// sides work with the strict output types.
import * as z from "zod/mini";

/** A nullable field that may be missing on the wire: read as null. */
function orNull<T extends z.ZodMiniType>(schema: T) {
  return z._default(z.nullable(schema), null);
}
const count = z._default(z.number(), 0);

/** Tokens of one answer. */
export const usageSchema = z.object({
  promptTokens: count,
  completionTokens: count,
  reasoningTokens: count,
  cacheHitTokens: count,
  cacheMissTokens: count,
});

/** A file attached to a user message, without its content (GET /api/conversations/:id/attachments/:id has it). */
export const attachmentSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
});
/** A sent file, as a message lists it. */
export type AttachmentSummary = z.infer<typeof attachmentSummarySchema>;

/**
 * A knowledge document an answer was given (widget answers): `ref` is the number the answer cites it by (`[1]`),
 * `url` the page it came from, or for pasted text a Worker page that shows it.
 */
export const sourceSchema = z.object({ ref: z.number(), title: z.string(), url: z.string() });
/** One cited source of an answer. */
export type Source = z.infer<typeof sourceSchema>;

export const messageSchema = z.object({
  id: z.string(),
  parentId: z.nullable(z.string()),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  reasoning: orNull(z.string()),
  /** `streaming` while its turn is live. */
  status: z.enum(["complete", "stopped", "error", "streaming"]),
  model: orNull(z.string()),
  provider: orNull(z.string()),
  servedModel: orNull(z.string()),
  /** The public model that answered when the one asked for (`model`) was unavailable and a substitute stood in. */
  servedAs: orNull(z.string()),
  region: orNull(z.string()),
  simulated: z._default(z.boolean(), false),
  usage: orNull(usageSchema),
  reasoningMs: orNull(z.number()),
  error: orNull(z.object({ code: z.string(), message: z.string() })),
  /** The knowledge the answer was given (widget answers with site knowledge); absent or empty when none. */
  sources: z.optional(z.array(sourceSchema)),
  createdAt: z.number(),
  /** Files sent with a user message. */
  attachments: z.optional(z.array(attachmentSummarySchema)),
});
/** One message, as the site API sends it. */
export type Message = z.infer<typeof messageSchema>;

/** A conversation as the sidebar lists it. */
export const conversationSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** A sidebar entry. */
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** Who served a live turn (the `served` event, also inside snapshots and the live turn). */
export const liveServedSchema = z.object({
  provider: z.string(),
  model: z.string(),
  /** Null for a stored message whose provider reported none. */
  region: orNull(z.string()),
  simulated: z._default(z.boolean(), false),
  /** The substitute's public model id when one stands in for the model asked for, else null. */
  servedAs: orNull(z.string()),
});
/** Provider, model and region of a turn. */
export type LiveServed = z.infer<typeof liveServedSchema>;

/** The live turn's state so far (GET /api/conversations/:id `live`). */
export const liveTurnSchema = z.object({
  turnId: z.string(),
  assistantMessageId: z.string(),
  userMessageId: z.string(),
  reasoning: z.string(),
  content: z.string(),
  served: orNull(liveServedSchema),
  lastSeq: z.number(),
});
/** The turn in progress when a conversation is opened. */
export type LiveTurn = z.infer<typeof liveTurnSchema>;

/** GET /api/conversations/:id. */
export const conversationSchema = z.object({
  ...conversationSummarySchema.shape,
  currentLeafId: orNull(z.string()),
  /** The custom instructions the conversation started with. */
  instructions: orNull(z.string()),
  messages: z.array(messageSchema),
  live: orNull(liveTurnSchema),
});
/** A conversation with every branch's messages and its live turn. */
export type Conversation = z.infer<typeof conversationSchema>;

/** One model of GET /api/models. */
export const modelInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.optional(z.string()),
  /** True when the model thinks by default. */
  reasoning: z.boolean(),
  capabilities: z.optional(z.object({ thinking: z.boolean(), vision: z.optional(z.boolean()) })),
  contextTokens: z.optional(z.number()),
  maxOutputTokens: z.optional(z.number()),
});
/** A model the plan allows. */
export type ModelInfo = z.infer<typeof modelInfoSchema>;

/** GET /api/conversations: a page of the sidebar, newest first. */
export const conversationPageSchema = z.object({
  conversations: z.array(conversationSummarySchema),
  nextCursor: orNull(z.string()),
});
/** One page of the conversation list. */
export type ConversationPage = z.infer<typeof conversationPageSchema>;

/** GET /api/models: the models the visitor's plan may use, every model's human name, and whether images attach. */
export const modelListSchema = z.object({
  models: z.array(modelInfoSchema),
  labels: z._default(z.record(z.string(), z.string()), {}),
  imageAttachments: z._default(z.boolean(), false),
});
/** The models a visitor may pick. */
export type ModelList = z.infer<typeof modelListSchema>;

/** GET /api/me: who the visitor is, their models, and the Turnstile site key while their first message needs it. */
export const meSchema = z.object({
  ...modelListSchema.shape,
  id: z.string(),
  plan: z.string(),
  signedIn: z._default(z.boolean(), false),
  turnstileSiteKey: orNull(z.string()),
});
/** The visitor as the page sees them. */
export type Me = z.infer<typeof meSchema>;

/** 202 of POST /api/conversations/:id/messages: the stored question and the answer's ids. */
export const sendAcceptedSchema = z.object({
  userMessage: messageSchema,
  assistantMessageId: z.string(),
  turnId: z.string(),
});
/** What a send answers. */
export type SendAccepted = z.infer<typeof sendAcceptedSchema>;

/** 202 of POST /api/conversations/:id/regenerate: the new answer's ids. */
export const regenerateAcceptedSchema = z.object({ assistantMessageId: z.string(), turnId: z.string() });
/** What a regenerate answers. */
export type RegenerateAccepted = z.infer<typeof regenerateAcceptedSchema>;

const seq = z.number();
/** Every event of the live stream; `seq` strictly increases per conversation (the SSE `id:`). */
export const liveEventSchema = z.discriminatedUnion("type", [
  z.object({
    seq,
    type: z.literal("turn-start"),
    turnId: z.string(),
    userMessage: messageSchema,
    assistantMessageId: z.string(),
    model: z.string(),
  }),
  z.object({ seq, type: z.literal("served"), ...liveServedSchema.shape }),
  z.object({ seq, type: z.literal("reasoning-delta"), text: z.string() }),
  z.object({ seq, type: z.literal("text-delta"), text: z.string() }),
  z.object({ seq, type: z.literal("sources"), sources: z.array(sourceSchema) }),
  z.object({
    seq,
    type: z.literal("snapshot"),
    turnId: z.string(),
    assistantMessageId: z.string(),
    reasoning: z.string(),
    content: z.string(),
    served: orNull(liveServedSchema),
  }),
  z.object({
    seq,
    type: z.literal("turn-end"),
    turnId: z.string(),
    status: z.enum(["complete", "stopped", "error"]),
    message: messageSchema,
  }),
  z.object({ seq, type: z.literal("title"), title: z.string() }),
]);
/** One live event. */
export type LiveEvent = z.infer<typeof liveEventSchema>;
/** An event without its sequence number (the session object numbers them). */
export type LiveEventBody = LiveEvent extends infer Event
  ? Event extends unknown
    ? Omit<Event, "seq">
    : never
  : never;

/** Parses one live event from its JSON text; null for anything this version does not understand (never throws). */
export function parseLiveEvent(text: string): LiveEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const result = liveEventSchema.safeParse(raw);
  return result.success ? result.data : null;
}
