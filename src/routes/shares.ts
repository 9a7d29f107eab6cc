import { Hono } from "hono";
import { branchPath, listMessages } from "../db/queries/messages.ts";
import { findSharedSnapshot, insertShare, listShares, revokeShare } from "../db/queries/shares.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/app-error.ts";
import { visitor } from "../identity/index.ts";
import { randomId } from "../lib/crypto.ts";
import { owned } from "./conversations.ts";

/** Read-only links to a snapshot of a conversation's visible branch: create, list, revoke, read (public). */
export const shares = new Hono<AppEnv>()
  .post("/conversations/:id/share", visitor(), async (c) => {
    const conversation = await owned(c.env.DB, c.get("visitor"), c.req.param("id"));
    // The snapshot is the visible branch as it is now; an answer still being written is left out.
    const branch = branchPath(await listMessages(c.env.DB, conversation.id), conversation.currentLeafId).filter(
      (message) => message.status !== "streaming",
    );
    const share = await insertShare(c.env.DB, {
      // 24 random bytes: 192 bits, unguessable.
      id: randomId(24),
      conversationId: conversation.id,
      userId: c.get("visitor").userId,
      title: conversation.title,
      messages: branch,
    });
    return c.json({ id: share.id, url: share.url }, 201);
  })
  .get("/conversations/:id/shares", visitor(), async (c) => {
    const conversation = await owned(c.env.DB, c.get("visitor"), c.req.param("id"));
    return c.json({ shares: await listShares(c.env.DB, conversation.id) });
  })
  .delete("/shares/:shareId", visitor(), async (c) => {
    if (!(await revokeShare(c.env.DB, c.get("visitor").userId, c.req.param("shareId")))) throw notFound("share");
    return c.body(null, 204);
  })
  .get("/shares/:shareId", async (c) => {
    const snapshot = await findSharedSnapshot(c.env.DB, c.req.param("shareId"));
    if (!snapshot) throw notFound("share");
    return c.json(snapshot);
  });
