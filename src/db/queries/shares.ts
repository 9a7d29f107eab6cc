import { and, desc, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as z from "zod";
import type { Message } from "../../conversations/types.ts";
import { shares } from "../schema.ts";

/** A share as its owner lists it. */
export type ShareSummary = { id: string; url: string; createdAt: number };

/** Public path of a share page. */
export function shareUrl(id: string): string {
  return `/s/${id}`;
}

/** Stores a read-only snapshot under an unguessable id. */
export async function insertShare(
  db: D1Database,
  input: { id: string; conversationId: string; userId: string; title: string; messages: Message[] },
): Promise<ShareSummary> {
  const createdAt = Date.now();
  await drizzle(db)
    .insert(shares)
    .values({
      id: input.id,
      conversationId: input.conversationId,
      userId: input.userId,
      title: input.title,
      snapshot: JSON.stringify(input.messages),
      createdAt,
    });
  return { id: input.id, url: shareUrl(input.id), createdAt };
}

/** The conversation's shares that are not revoked, newest first. */
export async function listShares(db: D1Database, conversationId: string): Promise<ShareSummary[]> {
  const rows = await drizzle(db)
    .select({ id: shares.id, createdAt: shares.createdAt })
    .from(shares)
    .where(and(eq(shares.conversationId, conversationId), isNull(shares.revokedAt)))
    .orderBy(desc(shares.createdAt))
    .all();
  return rows.map((row) => ({ ...row, url: shareUrl(row.id) }));
}

/** Revokes the user's share; false when it is not theirs, missing or already revoked. */
export async function revokeShare(db: D1Database, userId: string, id: string): Promise<boolean> {
  const revoked = await drizzle(db)
    .update(shares)
    .set({ revokedAt: Date.now() })
    .where(and(eq(shares.id, id), eq(shares.userId, userId), isNull(shares.revokedAt)))
    .returning({ id: shares.id });
  return revoked.length > 0;
}

// Snapshots are written by insertShare; the schema keeps a corrupted row from reaching a client.
const snapshotSchema = z.array(
  z.looseObject({ id: z.string(), role: z.enum(["user", "assistant"]), content: z.string() }),
);

/** A live (not revoked) share's snapshot, or null. */
export async function findSharedSnapshot(
  db: D1Database,
  id: string,
): Promise<{ id: string; title: string; createdAt: number; messages: unknown[] } | null> {
  const row = await drizzle(db)
    .select({ id: shares.id, title: shares.title, createdAt: shares.createdAt, snapshot: shares.snapshot })
    .from(shares)
    .where(and(eq(shares.id, id), isNull(shares.revokedAt)))
    .get();
  if (!row) return null;
  const parsed = snapshotSchema.safeParse(JSON.parse(row.snapshot));
  return { id: row.id, title: row.title, createdAt: row.createdAt, messages: parsed.success ? parsed.data : [] };
}
