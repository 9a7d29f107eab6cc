import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { chargeTokens } from "../../chat/rate-limit.ts";
import { generateTitle } from "../../chat/title.ts";
import type { Message } from "../../chat/types.ts";
import type { AppConfig } from "../../config/config.ts";
import { storeFinishedMessage } from "../../db/queries/messages.ts";
import { conversations } from "../../db/schema.ts";
import type { Region } from "../../env.ts";
import { log } from "../../lib/log.ts";
import { recordUsage } from "../../metering/record-usage.ts";
import type { LiveTurnState } from "./live-turn.ts";

const defaultTitle = "New chat";
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
 * Everything a finished turn writes, off the token path: the final assistant row, the usage record
 * (the single metering call site of the chat site and widget) and the day's token charge.
 */
export async function persistFinishedTurn(env: Env, turn: LiveTurnState, message: Message): Promise<void> {
  const { origin } = turn;
  await storeFinishedMessage(env.DB, origin.conversationId, message);
  const usage = turn.usage ?? {
    promptTokens: 0,
    completionTokens: 0,
    reasoningTokens: 0,
    cacheHitTokens: 0,
    cacheMissTokens: 0,
  };
  const now = Date.now();
  const results = await Promise.allSettled([
    recordUsage(env.DB, {
      requestId: origin.requestId,
      siteId: origin.siteId,
      userId: origin.userId,
      model: turn.model,
      served: turn.served,
      region: turn.served?.region ?? null,
      usage,
      pricing: { policy: origin.config.routingPolicy, at: turn.startedAt },
      estimated: turn.usage === null || turn.usageEstimated,
      ttftMs: turn.firstTokenAt === null ? null : turn.firstTokenAt - turn.startedAt,
      totalMs: now - turn.startedAt,
      status: message.status,
    }),
    chargeTokens(
      env,
      { userId: origin.userId, plan: origin.plan, ip: origin.ip },
      usage.promptTokens + usage.completionTokens,
    ),
  ]);
  for (const result of results) {
    if (result.status === "rejected") {
      log.error("turn_bookkeeping_failed", { requestId: origin.requestId, error: String(result.reason) });
    }
  }
}

/** persistFinishedTurn that never rejects: a failed write is logged, since nobody awaits it to report. */
export function storeFinishedTurn(env: Env, turn: LiveTurnState, message: Message): Promise<void> {
  return persistFinishedTurn(env, turn, message).catch((failure: unknown) => {
    log.error("turn_store_failed", { requestId: turn.origin.requestId, error: String(failure) });
  });
}

/**
 * After a conversation's first exchange: writes a short title (cheapest model, first words as fallback),
 * only if the user has not renamed the conversation meanwhile. Returns the title, or null if not applied.
 */
export async function titleFirstExchange(
  env: Env,
  input: {
    config: AppConfig;
    region: Region;
    turn: LiveTurnState;
    answer: Message;
    waitUntil(promise: Promise<unknown>): void;
  },
): Promise<string | null> {
  const { turn } = input;
  const title = await generateTitle(
    { env, config: input.config, waitUntil: input.waitUntil },
    {
      requestId: turn.origin.requestId,
      plan: turn.origin.plan,
      region: input.region,
      userText: turn.userMessage.content,
      answerText: input.answer.content,
    },
  );
  const updated = await drizzle(env.DB)
    .update(conversations)
    .set({ title })
    .where(and(eq(conversations.id, turn.origin.conversationId), eq(conversations.title, defaultTitle)))
    .returning({ id: conversations.id });
  return updated.length > 0 ? title : null;
}

/** Titles the first exchange and hands an applied title to `announce`; a failure is only logged. */
export async function writeTitle(
  env: Env,
  turn: LiveTurnState,
  answer: Message,
  hooks: { waitUntil(promise: Promise<unknown>): void; announce(title: string): void },
): Promise<void> {
  try {
    const title = await titleFirstExchange(env, {
      config: turn.origin.config,
      region: turn.origin.region,
      turn,
      answer,
      waitUntil: hooks.waitUntil,
    });
    if (title !== null) hooks.announce(title);
  } catch (failure) {
    log.warn("title_failed", { requestId: turn.origin.requestId, error: String(failure) });
  }
}
