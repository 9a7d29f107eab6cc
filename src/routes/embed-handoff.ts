import { Hono, type MiddlewareHandler } from "hono";
import * as z from "zod";
import { rateLimited } from "../conversations/rate-limit.ts";
import type { Message } from "../conversations/types.ts";
import { findOwnedConversation } from "../db/queries/conversations.ts";
import { listMessages } from "../db/queries/messages.ts";
import { limiterFor } from "../durable/limiter/limiter-for.ts";
import type { AppEnv } from "../env.ts";
import { AppError, notFound } from "../http/app-error.ts";
import { readJsonBody } from "../http/json-body.ts";
import { tokenVisitorGone, visitor } from "../identity/index.ts";
import { randomId } from "../lib/crypto.ts";
import { log } from "../lib/log.ts";
import { type HandoffPayload, transcriptOf } from "../sites/handoff/handoff-payload.ts";
import { insertHandoff } from "../sites/handoff/handoff-store.ts";
import { readHandoffTarget } from "../sites/site-store.ts";

const encoder = new TextEncoder();
const maxNoteBytes = 2048;

const handoffBody = z.strictObject({
  email: z.email().max(254),
  note: z
    .string()
    .trim()
    .refine((note) => encoder.encode(note).byteLength <= maxNoteBytes, `must be at most ${maxNoteBytes} bytes`)
    .default(""),
  conversationId: z.string().min(1).max(64).nullish(),
});

// A visitor asks for a person a few times at most; more is someone flooding the owner's inbox.
const handoffRule = { name: "handoffs/hour", limit: 5, windowMs: 60 * 60_000, cost: 1 };

/**
 * Refuses, before any visitor is loaded or made, a request the embed guard did not recognise as this site's widget.
 */
function widgetOnly(): MiddlewareHandler<AppEnv> {
  return async function widgetOnlyMiddleware(c, next) {
    const site = c.get("embedSite");
    if (!site) {
      throw new AppError(401, "Hand-offs come from the widget, with its visitor token.", {
        code: "visitor_token_required",
        headers: { "www-authenticate": "Bearer" },
      });
    }
    if (site.siteKey !== c.req.param("siteKey")) {
      throw new AppError(403, "This visitor token belongs to another site.", { code: "site_mismatch" });
    }
    await next();
  };
}

/**
 * `POST /api/embed/:siteKey/handoff` (widget only: the embed guard has checked the frame's origin, the site key and
 * the visitor token): "Talk to a person". Stored first, then handed to the site's courier for its webhook;
 * 201 `{id, status}` with status `pending` (being delivered) or `stored` (the site has no webhook).
 */
export const embedHandoff = new Hono<AppEnv>().post("/:siteKey/handoff", widgetOnly(), visitor(), async (c) => {
  const site = c.get("embedSite");
  const current = c.get("visitor");
  if (current.siteId !== site.id) throw tokenVisitorGone();
  const body = await readJsonBody(c, handoffBody);
  const limited = await limiterFor(c.env, { kind: "visitor", id: current.userId }).consume([handoffRule]);
  if (!limited.allowed)
    throw rateLimited(limited.retryAfterMs, (s) => `Too many requests for a person. Try again in ${s} s.`);
  let messages: Message[] = [];
  let leafId: string | null = null;
  if (body.conversationId) {
    const owner = { userId: current.userId, siteId: site.id };
    const conversation = await findOwnedConversation(c.env.DB, owner, body.conversationId);
    if (!conversation) throw notFound("conversation");
    [messages, leafId] = [await listMessages(c.env.DB, conversation.id), conversation.currentLeafId];
  }
  const id = randomId(12);
  const createdAt = Date.now();
  const payload: HandoffPayload = {
    site: { id: site.id, name: site.name },
    handoff: {
      id,
      email: body.email,
      note: body.note,
      conversationId: body.conversationId ?? null,
      createdAt: new Date(createdAt).toISOString(),
    },
    transcript: transcriptOf(messages, leafId),
  };
  const deliver = Boolean((await readHandoffTarget(c.env.DB, site.id))?.url);
  await insertHandoff(c.env.DB, {
    id,
    siteId: site.id,
    conversationId: body.conversationId ?? null,
    userId: current.userId,
    email: body.email,
    note: body.note,
    payload: JSON.stringify(payload),
    createdAt,
    deliver,
  });
  // Stored already: if the courier cannot be reached now, the hourly upkeep hands the hand-off over again.
  if (deliver) {
    await c.env.HANDOFF_COURIER.getByName(id)
      .dispatch(id)
      .catch((error: unknown) => log.error("handoff_dispatch_failed", { handoffId: id, error: String(error) }));
  }
  return c.json({ id, status: deliver ? "pending" : "stored" }, 201);
});
