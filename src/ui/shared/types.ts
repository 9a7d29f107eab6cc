// Wire types of the site API (docs/site-api.md), parsed leniently at the edge with zod/mini (small bundle).
import * as z from "zod/mini";

const usageSchema = z.looseObject({
  promptTokens: z.optional(z.number()),
  completionTokens: z.optional(z.number()),
  reasoningTokens: z.optional(z.number()),
});

/** A file sent with a user message (its content is read on demand). */
const attachmentSummarySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
});
/** A sent file, as a message lists it. */
export type AttachmentSummary = z.infer<typeof attachmentSummarySchema>;

/** A document an answer drew on (widget sites with knowledge): shown as a numbered link under the answer. */
const sourceSchema = z.looseObject({
  ref: z.optional(z.union([z.number(), z.string()])),
  title: z.string(),
  url: z.string(),
});
/** One cited source of an answer. */
export type Source = z.infer<typeof sourceSchema>;

/** One message of any branch. */
export const messageSchema = z.looseObject({
  id: z.string(),
  parentId: z.nullable(z.string()),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  reasoning: z.nullish(z.string()),
  status: z.enum(["complete", "stopped", "error", "streaming"]),
  model: z.nullish(z.string()),
  provider: z.nullish(z.string()),
  servedModel: z.nullish(z.string()),
  /** The substitute's public model id when another model answered than the one asked for. */
  servedAs: z.nullish(z.string()),
  region: z.nullish(z.string()),
  simulated: z.optional(z.boolean()),
  usage: z.nullish(usageSchema),
  reasoningMs: z.nullish(z.number()),
  error: z.nullish(z.looseObject({ code: z.string(), message: z.string() })),
  /** The sources the answer cites (widget sites with knowledge). */
  sources: z.nullish(z.array(sourceSchema)),
  createdAt: z.number(),
  attachments: z.optional(z.array(attachmentSummarySchema)),
});
/** A message as the UI uses it. */
export type Message = z.infer<typeof messageSchema>;

/** A sidebar entry. */
export const summarySchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** A conversation as listed in the sidebar. */
export type ConversationSummary = z.infer<typeof summarySchema>;

/** Who served a turn (the `served` event, also embedded in snapshots). */
export const servedSchema = z.looseObject({
  provider: z.string(),
  model: z.string(),
  region: z.nullish(z.string()),
  simulated: z.optional(z.boolean()),
  servedAs: z.nullish(z.string()),
});
/** Provider/model/region of a turn. */
export type Served = z.infer<typeof servedSchema>;

/** The turn in progress when a conversation is opened. */
export const liveTurnSchema = z.looseObject({
  turnId: z.string(),
  assistantMessageId: z.string(),
  userMessageId: z.nullish(z.string()),
  reasoning: z.nullish(z.string()),
  content: z.nullish(z.string()),
  served: z.nullish(servedSchema),
  lastSeq: z.number(),
});
/** The live turn of GET /api/conversations/:id. */
export type LiveTurn = z.infer<typeof liveTurnSchema>;

/** GET /api/conversations/:id. */
export const conversationSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  currentLeafId: z.nullish(z.string()),
  /** The custom instructions the conversation started with. */
  instructions: z.nullish(z.string()),
  messages: z.array(messageSchema),
  live: z.nullish(liveTurnSchema),
});

/** One model of /api/models. */
export const modelInfoSchema = z.looseObject({
  id: z.string(),
  label: z.string(),
  description: z.optional(z.string()),
  /** True when the model thinks by default. */
  reasoning: z.boolean(),
  capabilities: z.optional(z.looseObject({ thinking: z.boolean(), vision: z.optional(z.boolean()) })),
  contextTokens: z.optional(z.number()),
  maxOutputTokens: z.optional(z.number()),
});
/** A model the plan allows. */
export type ModelInfo = z.infer<typeof modelInfoSchema>;

const seq = z.number();
/** Every event of the live stream. */
export const liveEventSchema = z.discriminatedUnion("type", [
  z.looseObject({
    seq,
    type: z.literal("turn-start"),
    turnId: z.string(),
    userMessage: z.nullish(messageSchema),
    assistantMessageId: z.string(),
    model: z.nullish(z.string()),
  }),
  z.looseObject({
    seq,
    type: z.literal("served"),
    provider: z.string(),
    model: z.string(),
    region: z.nullish(z.string()),
    simulated: z.optional(z.boolean()),
    servedAs: z.nullish(z.string()),
  }),
  z.looseObject({ seq, type: z.literal("reasoning-delta"), text: z.string() }),
  z.looseObject({ seq, type: z.literal("text-delta"), text: z.string() }),
  z.looseObject({
    seq,
    type: z.literal("snapshot"),
    turnId: z.string(),
    assistantMessageId: z.string(),
    reasoning: z.nullish(z.string()),
    content: z.nullish(z.string()),
    served: z.nullish(servedSchema),
  }),
  z.looseObject({
    seq,
    type: z.literal("turn-end"),
    turnId: z.string(),
    status: z.enum(["complete", "stopped", "error"]),
    message: z.nullish(messageSchema),
  }),
  z.looseObject({ seq, type: z.literal("title"), title: z.string() }),
]);
/** A live event. */
export type LiveEvent = z.infer<typeof liveEventSchema>;

/** Parses one live event from its JSON text; null for anything we do not understand (never throws). */
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
