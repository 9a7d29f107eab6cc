import { chargeMessage, refundMessage } from "../../conversations/rate-limit.ts";
import type { Message } from "../../conversations/types.ts";
import { type ConversationRow, findOwnedConversation, type Owner } from "../../db/queries/conversations.ts";
import { loadOwnedConversation } from "../../db/queries/messages.ts";
import { notFound } from "../../http/app-error.ts";
import type { TurnRequest } from "./rpc.ts";

/** A conversation its visitor owns, with every message of it. */
export type OwnedConversation = { conversation: ConversationRow; messages: Message[] };

/**
 * Ownership of the object's conversation, checked here rather than by the Worker before the call (one D1
 * round trip fewer on the send path): read from D1 together with the history, and remembered once known. A
 * conversation changes owner only when an account adopts it (accounts/adopt-visitor.ts), which calls `forget`.
 */
export class OwnerCheck {
  private owner: Owner | null = null;

  constructor(private readonly db: D1Database) {}

  /** The conversation row (owner-filtered) and all its messages, in one D1 round trip; null when not theirs. */
  async load(request: TurnRequest): Promise<OwnedConversation | null> {
    const owner = { userId: request.userId, siteId: request.siteId };
    const loaded = await loadOwnedConversation(this.db, owner, request.conversationId);
    if (loaded) this.owner = owner;
    return loaded;
  }

  /** Drops the remembered owner: the next check reads D1 again. */
  forget(): void {
    this.owner = null;
  }

  /** Whether `request` comes from the owner: from memory once a turn has loaded it, else from D1. */
  async owns(request: TurnRequest): Promise<boolean> {
    const known = this.owner;
    if (known) return known.userId === request.userId && known.siteId === request.siteId;
    return (await findOwnedConversation(this.db, request, request.conversationId)) !== null;
  }
}

/**
 * Charges a message to the visitor and their IP while reading the conversation (one round trip for both,
 * instead of three in a row). Not theirs → 404, after giving back a charge that went through; over a limit →
 * the limiter's 429.
 */
export async function chargeAndLoad(env: Env, owners: OwnerCheck, request: TurnRequest): Promise<OwnedConversation> {
  const subject = { userId: request.userId, plan: request.plan, ip: request.ip };
  const [charged, loaded] = await Promise.allSettled([chargeMessage(env, subject), owners.load(request)]);
  if (loaded.status === "rejected" || loaded.value === null) {
    if (charged.status === "fulfilled") await refundMessage(env, subject);
    if (loaded.status === "rejected") throw loaded.reason;
    throw notFound("conversation");
  }
  if (charged.status === "rejected") throw charged.reason;
  return loaded.value;
}
