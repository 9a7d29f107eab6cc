import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env.ts";
import { invalidRequest } from "../http/app-error.ts";
import { validate } from "../http/json-body.ts";
import { type Handoff, listHandoffs } from "../sites/handoff/handoff-store.ts";
import { listSiteConversations } from "../sites/site-conversations.ts";
import { requireLiveSiteId } from "../sites/site-store.ts";

const conversationsQuery = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
const handoffsQuery = z.object({
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function presentHandoff(handoff: Handoff) {
  return {
    id: handoff.id,
    conversationId: handoff.conversationId,
    email: handoff.email,
    note: handoff.note,
    status: handoff.status,
    attempts: handoff.attempts,
    lastError: handoff.lastError,
    nextAttemptAt: iso(handoff.nextAttemptAt),
    deliveredAt: iso(handoff.deliveredAt),
    createdAt: iso(handoff.createdAt),
  };
}

/**
 * What a site's widget did, for its owner (mounted under /admin/api/sites/:id): its conversations with their
 * transcripts (newest first, `?q=` search) and its hand-offs with their delivery state. Only that site's.
 */
export const adminSiteActivity = new Hono<AppEnv>()
  .get("/conversations", async (c) => {
    const siteId = await requireLiveSiteId(c.env.DB, c.req.param("id") ?? "");
    const query = validate(conversationsQuery, c.req.query());
    const page = await listSiteConversations(c.env.DB, siteId, {
      search: query.q || undefined,
      cursor: query.cursor,
      limit: query.limit,
    });
    if (!page) throw invalidRequest("cursor: not a cursor this API returned", "cursor");
    return c.json({
      data: page.data.map((conversation) => ({
        ...conversation,
        createdAt: iso(conversation.createdAt),
        updatedAt: iso(conversation.updatedAt),
        messages: conversation.messages.map((message) => ({
          id: message.id,
          role: message.role,
          content: message.content,
          status: message.status,
          model: message.model,
          sources: message.sources ?? [],
          usage: message.usage,
          createdAt: iso(message.createdAt),
        })),
      })),
      nextCursor: page.nextCursor,
    });
  })
  .get("/handoffs", async (c) => {
    const siteId = await requireLiveSiteId(c.env.DB, c.req.param("id") ?? "");
    const query = validate(handoffsQuery, c.req.query());
    const before = query.before === undefined ? undefined : Date.parse(query.before);
    const page = await listHandoffs(c.env.DB, siteId, query.limit, before);
    return c.json({ data: page.map(presentHandoff) });
  });
