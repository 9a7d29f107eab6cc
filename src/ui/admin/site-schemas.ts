// Wire types of a site's owner views (docs/admin-api.md): knowledge, transcripts and hand-offs, parsed leniently.
import * as z from "zod/mini";

const when = z.nullish(z.union([z.string(), z.number()]));

/** One knowledge document of a site. */
export const knowledgeDocSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  url: z.nullish(z.string()),
  chars: z.nullish(z.number()),
  chunks: z.nullish(z.number()),
  fetchedAt: when,
  createdAt: when,
});
export const knowledgeListSchema = z.looseObject({ data: z.array(knowledgeDocSchema) });

const transcriptMessageSchema = z.looseObject({
  role: z.string(),
  content: z.string(),
  createdAt: when,
});
/** One conversation of a site's visitors. */
export const transcriptSchema = z.looseObject({
  id: z.string(),
  title: z.nullish(z.string()),
  updatedAt: when,
  createdAt: when,
  messages: z.optional(z.array(transcriptMessageSchema)),
});
export const transcriptListSchema = z.looseObject({
  data: z.array(transcriptSchema),
  nextCursor: z.nullish(z.string()),
});

/** One "Talk to a person" request. */
export const handoffSchema = z.looseObject({
  id: z.string(),
  email: z.string(),
  note: z.nullish(z.string()),
  conversationId: z.nullish(z.string()),
  status: z.optional(z.string()),
  attempts: z.nullish(z.number()),
  lastError: z.nullish(z.string()),
  createdAt: when,
  deliveredAt: when,
});
export const handoffListSchema = z.looseObject({ data: z.array(handoffSchema) });
