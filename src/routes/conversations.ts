import { Hono } from "hono";
import * as z from "zod";
import { attachmentsField, prepareAttachments } from "../attachments/attachment-limits.ts";
import { withFiles } from "../attachments/attachment-prompt.ts";
import { attachmentsOfConversation, findAttachment } from "../attachments/attachment-store.ts";
import { forgetImages, imageResponse, storeImages } from "../attachments/image-store.ts";
import type { Conversation, ConversationPage } from "../contract/site-api.ts";
import { assertFitsContext } from "../conversations/context-window.ts";
import { exportFileName, exportJson, exportMarkdown } from "../conversations/export-format.ts";
import { assertMessageSize } from "../conversations/message-size.ts";
import { sessionOf, turnRequest, unwrap } from "../conversations/session-client.ts";
import type { LiveTurn } from "../conversations/types.ts";
import {
  type ConversationRow,
  findOwnedConversation,
  insertConversation,
  listConversations,
  updateConversation,
} from "../db/queries/conversations.ts";
import {
  branchPath,
  findMessage,
  listMessages,
  loadOwnedConversation,
  markInterrupted,
} from "../db/queries/messages.ts";
import type { AppEnv } from "../env.ts";
import { AppError, invalidRequest, notFound } from "../http/app-error.ts";
import { readJsonBody, validate } from "../http/json-body.ts";
import { visitor } from "../identity/index.ts";
import { modelInfo } from "../inference/index.ts";
import { randomId } from "../lib/crypto.ts";
import { chargeSiteTurn } from "../sites/site-limits.ts";

const id = z.string().min(1).max(64);
const title = z.string().trim().min(1).max(200);
const model = z.string().min(1).max(100);
const listQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
const createBody = z.object({ title: title.optional() });
const patchBody = z.object({ title: title.optional(), currentLeafId: id.optional() });
const sendBody = z
  .object({
    content: z.string(),
    model,
    /** DeepThink: thinking on or off for this turn; absent = the model's default (`deepseek-reasoner` still thinks). */
    thinking: z.boolean().optional(),
    parentId: id.nullable().optional(),
    /** Text and code files sent with the message (at most 5 of 512 KiB each). */
    attachments: attachmentsField,
  })
  // A message may be only files; with none, it must say something.
  .refine((body) => body.content !== "" || (body.attachments?.length ?? 0) > 0, {
    message: "content must not be empty",
    path: ["content"],
  });
const regenerateBody = z.object({
  model: model.optional(),
  thinking: z.boolean().optional(),
  messageId: id.optional(),
});
const exportQuery = z.object({ format: z.enum(["md", "json"]).default("md") });

/** The site's conversations: CRUD, turns (send, stop, regenerate), the live stream and export. */
export const conversations = new Hono<AppEnv>()
  .use(visitor())
  .get("/", async (c) => {
    const query = validate(listQuery, c.req.query());
    const page = await listConversations(c.env.DB, owner(c.get("visitor")), query.cursor, query.limit);
    if (!page) throw invalidRequest("cursor: not a cursor this API returned", "cursor");
    return c.json(page satisfies ConversationPage);
  })
  .post("/", async (c) => {
    const body = await readJsonBody(c, createBody);
    const who = owner(c.get("visitor"));
    // Chat-site conversations start with the visitor's custom instructions; widget ones follow their site.
    const options = { customInstructions: who.siteId === null };
    const row = await insertConversation(c.env.DB, who, randomId(16), body.title ?? "New chat", options);
    return c.json({ ...summary(row), instructions: row.instructions }, 201);
  })
  .get("/:id", async (c) => {
    const loaded = await loadOwnedConversation(c.env.DB, owner(c.get("visitor")), c.req.param("id"));
    if (!loaded) throw notFound("conversation");
    const { conversation } = loaded;
    let { messages } = loaded;
    let live: LiveTurn | null = null;
    // The streaming placeholder row is the cheap "a turn may be live" flag: idle conversations never touch the object.
    if (messages.some((message) => message.status === "streaming")) {
      const state = await sessionOf(c.env, conversation.id).getLive();
      live = state.live;
      const finals = new Map(state.finals.map((message) => [message.id, message]));
      messages = messages.map((message) => {
        if (message.status !== "streaming") return message;
        if (live?.assistantMessageId === message.id) {
          return { ...message, content: live.content, reasoning: live.reasoning === "" ? null : live.reasoning };
        }
        const final = finals.get(message.id);
        if (final) return final;
        // Neither live nor finished: the object lost the turn (evicted mid-answer).
        c.executionCtx.waitUntil(markInterrupted(c.env.DB, conversation.id, message.id));
        return { ...message, status: "error", error: { code: "interrupted", message: "The answer was interrupted." } };
      });
    }
    const { currentLeafId, instructions } = conversation;
    return c.json({ ...summary(conversation), currentLeafId, instructions, messages, live } satisfies Conversation);
  })
  .patch("/:id", async (c) => {
    const conversation = await owned(c.env.DB, c.get("visitor"), c.req.param("id"));
    const body = await readJsonBody(c, patchBody);
    if (body.currentLeafId && !(await findMessage(c.env.DB, conversation.id, body.currentLeafId))) {
      throw notFound("message");
    }
    await updateConversation(c.env.DB, conversation.id, body);
    const updated = await owned(c.env.DB, c.get("visitor"), conversation.id);
    return c.json({ ...summary(updated), currentLeafId: updated.currentLeafId });
  })
  .delete("/:id", async (c) => {
    const conversation = await owned(c.env.DB, c.get("visitor"), c.req.param("id"));
    // Through the conversation's object, which serialises it with sends: it ends (and meters) a live turn, then
    // deletes the rows, so a send racing the delete cannot leave anything behind.
    await sessionOf(c.env, conversation.id).deleteAll(conversation.id);
    return c.body(null, 204);
  })
  .post("/:id/messages", chargeSiteTurn(), async (c) => {
    // No ownership read here: the conversation's object checks it in the same round trip as the history
    // (a foreign or unknown id is the same 404).
    const conversationId = conversationParam(c.req.param("id"));
    const body = await readJsonBody(c, sendBody);
    assertMessageSize(body.content);
    const attachments = prepareAttachments(body.attachments);
    // Files can make one message larger than the model reads at once: refused here, before anything is stored
    // (an unknown or forbidden model is the session object's 400).
    const info = modelInfo(c.get("config"), c.get("visitor").plan, body.model);
    if (info && attachments.length > 0) {
      const texts = attachments.filter((file) => !file.bytes);
      const images = attachments.length - texts.length;
      assertFitsContext(withFiles(body.content, texts), info.contextTokens, info.maxOutputTokens, images);
    }
    // Images go to R2 here, so only their keys cross to the session object; refused sends leave none behind.
    const stored = await storeImages(c.env, conversationId, info, attachments);
    try {
      const result = await sessionOf(c.env, conversationId).sendMessage({
        ...turnRequest(c, conversationId),
        content: body.content,
        model: body.model,
        thinking: body.thinking,
        parentId: body.parentId,
        attachments: stored,
      });
      return c.json(unwrap(result), 202);
    } catch (error) {
      c.executionCtx.waitUntil(forgetImages(c.env, stored));
      throw error;
    }
  })
  .post("/:id/stop", async (c) => {
    const conversation = await owned(c.env.DB, c.get("visitor"), c.req.param("id"));
    return c.json(await sessionOf(c.env, conversation.id).stop());
  })
  .post("/:id/regenerate", chargeSiteTurn(), async (c) => {
    const conversationId = conversationParam(c.req.param("id"));
    const body = await readJsonBody(c, regenerateBody);
    const result = await sessionOf(c.env, conversationId).regenerate({
      ...turnRequest(c, conversationId),
      model: body.model,
      thinking: body.thinking,
      messageId: body.messageId,
    });
    return c.json(unwrap(result), 202);
  })
  .get("/:id/live", async (c) => {
    const conversation = await owned(c.env.DB, c.get("visitor"), c.req.param("id"));
    const isSocket = c.req.header("upgrade")?.toLowerCase() === "websocket";
    if (!isSocket && !(c.req.header("accept") ?? "").includes("text/event-stream")) {
      throw new AppError(400, "Open this endpoint as a WebSocket or with Accept: text/event-stream.", {
        code: "invalid_request",
      });
    }
    const headers = new Headers(c.req.raw.headers);
    headers.set("x-visitor-id", c.get("visitor").userId);
    const response = await sessionOf(c.env, conversation.id).fetch(new Request(c.req.url, { headers }));
    if (response.webSocket) return new Response(null, { status: 101, webSocket: response.webSocket });
    // Re-wrapped so later middleware may add headers (a fetched response's headers are immutable).
    return new Response(response.body, { status: response.status, headers: new Headers(response.headers) });
  })
  .get("/:id/attachments/:attachmentId", async (c) => {
    // Through the visitor's own conversation only: anyone else's file is the same 404 as a missing one.
    const conversation = await owned(c.env.DB, c.get("visitor"), c.req.param("id"));
    const file = await findAttachment(c.env.DB, conversation.id, c.req.param("attachmentId"));
    if (!file) throw notFound("attachment");
    if (file.r2Key) return imageResponse(c.env, file.r2Key);
    const { messageId: _message, conversationId: _conversation, r2Key: _key, ...shown } = file;
    return c.json(shown, 200, { "cache-control": "private, no-store" });
  })
  .get("/:id/export", async (c) => {
    const conversation = await owned(c.env.DB, c.get("visitor"), c.req.param("id"));
    const { format } = validate(exportQuery, c.req.query());
    const [all, files] = await Promise.all([
      listMessages(c.env.DB, conversation.id),
      attachmentsOfConversation(c.env.DB, conversation.id),
    ]);
    const body =
      format === "md"
        ? exportMarkdown(conversation, branchPath(all, conversation.currentLeafId), files)
        : exportJson(conversation, all, files);
    return c.body(body, 200, {
      "content-type": format === "md" ? "text/markdown; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(conversation.title, format)}"`,
    });
  });

/** The ownership key of a visitor. */
export function owner(visitor: { userId: string; siteId: string | null }) {
  return { userId: visitor.userId, siteId: visitor.siteId };
}

/** The visitor's conversation, or 404 (someone else's looks exactly like a missing one). */
export async function owned(
  db: D1Database,
  visitor: { userId: string; siteId: string | null },
  conversationId: string,
): Promise<ConversationRow> {
  const conversation = await findOwnedConversation(db, owner(visitor), conversationId);
  if (!conversation) throw notFound("conversation");
  return conversation;
}

/** A conversation id from the path; anything that cannot be one is the same 404 as a missing conversation. */
function conversationParam(value: string): string {
  if (!id.safeParse(value).success) throw notFound("conversation");
  return value;
}

function summary(row: ConversationRow) {
  return { id: row.id, title: row.title, createdAt: row.createdAt, updatedAt: row.updatedAt };
}
