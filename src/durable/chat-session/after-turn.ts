import type { Message } from "../../conversations/types.ts";
import { storeFinishedMessage } from "../../db/queries/messages.ts";
import { log } from "../../lib/log.ts";
import { meterChatCall } from "../../metering/chat-usage.ts";
import type { LiveTurnState } from "./live-turn.ts";

// Finished answers kept in memory until well after their D1 write, so reads never see a stale placeholder.
const keptFinals = 8;

/** The last few finished answers, whose D1 write may still be in flight. */
export class RecentFinals {
  private readonly finals = new Map<string, Message>();

  /** Keeps a finished answer, dropping the oldest past the bound. */
  add(message: Message): void {
    this.finals.set(message.id, message);
    for (const id of this.finals.keys()) if (this.finals.size > keptFinals) this.finals.delete(id);
  }

  /** The kept answers, oldest first. */
  list(): Message[] {
    return [...this.finals.values()];
  }

  /** Forgets every kept answer (conversation deleted). */
  clear(): void {
    this.finals.clear();
  }
}

/**
 * Meters the turn's upstream call under its visitor: one usage row (its id is the server-made turn id) and the
 * day's token charge, exact when the upstream reported usage, else estimated. Every ending meters: complete,
 * stopped, failed, and a turn cut short by deleting its conversation. Never rejects.
 */
export function meterTurn(env: Env, turn: LiveTurnState, status: Message["status"]): Promise<void> {
  const { origin } = turn;
  const { usage, estimated } = turn.metered();
  return meterChatCall(env, {
    usageId: turn.turnId,
    requestId: origin.requestId,
    subject: { userId: origin.userId, plan: origin.plan, ip: origin.ip },
    siteId: origin.siteId,
    model: turn.model,
    served: turn.served,
    usage,
    estimated,
    ttftMs: turn.firstTokenAt === null ? null : turn.firstTokenAt - turn.startedAt,
    totalMs: Date.now() - turn.startedAt,
    status,
    pricing: { policy: origin.config.routingPolicy, at: turn.startedAt },
  });
}

/** Everything a finished turn writes, off the token path: the final assistant row and its metering. Never rejects. */
export async function storeFinishedTurn(env: Env, turn: LiveTurnState, message: Message): Promise<void> {
  const stored = storeFinishedMessage(env.DB, turn.origin.conversationId, message).catch((failure: unknown) => {
    log.error("turn_store_failed", { requestId: turn.origin.requestId, error: String(failure) });
  });
  await Promise.all([stored, meterTurn(env, turn, message.status)]);
}
