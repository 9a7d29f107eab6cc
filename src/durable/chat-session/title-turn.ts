import { fallbackTitle, generateTitle, type TitleCall } from "../../conversations/title.ts";
import type { Message } from "../../conversations/types.ts";
import { applyGeneratedTitle, hasDefaultTitle } from "../../db/queries/conversations.ts";
import { log } from "../../lib/log.ts";
import { meterChatCall } from "../../metering/chat-usage.ts";
import type { LiveTurnState } from "./live-turn.ts";

type TitleHooks = { waitUntil(promise: Promise<unknown>): void; announce(title: string): void; signal: AbortSignal };

/**
 * After a conversation's first exchange: writes a short title and hands an applied title to `announce`. The model
 * (the cheapest) is only asked after a complete answer and while the title would be used (the visitor has not
 * renamed the conversation), and its call is metered under the conversation's owner like any turn; a stopped or
 * failed first answer gets the first words of the message, which cost nothing. Aborting `signal` (conversation
 * deleted) stops the call; a failure is only logged.
 */
export async function writeTitle(env: Env, turn: LiveTurnState, answer: Message, hooks: TitleHooks): Promise<void> {
  const { conversationId, requestId } = turn.origin;
  try {
    if (!(await hasDefaultTitle(env.DB, conversationId)) || hooks.signal.aborted) return;
    const { title, call } =
      answer.status === "complete"
        ? await titleByModel(env, turn, answer, hooks)
        : { title: fallbackTitle(turn.userMessage.content), call: null };
    if (call) await meterTitle(env, turn, call);
    if (hooks.signal.aborted) return;
    if (await applyGeneratedTitle(env.DB, conversationId, title)) hooks.announce(title);
  } catch (failure) {
    log.warn("title_failed", { requestId, error: String(failure) });
  }
}

function titleByModel(env: Env, turn: LiveTurnState, answer: Message, hooks: TitleHooks) {
  const { origin } = turn;
  return generateTitle(
    { env, config: origin.config, waitUntil: hooks.waitUntil },
    {
      requestId: origin.requestId,
      plan: origin.plan,
      region: origin.region,
      userText: turn.userMessage.content,
      answerText: answer.content,
      signal: hooks.signal,
    },
  );
}

/** The title's upstream call, metered like a turn under the conversation's owner (its own server-made id). */
function meterTitle(env: Env, turn: LiveTurnState, call: TitleCall): Promise<void> {
  const { origin } = turn;
  return meterChatCall(env, {
    usageId: `${turn.turnId}.title`,
    requestId: origin.requestId,
    subject: { userId: origin.userId, plan: origin.plan, ip: origin.ip },
    siteId: origin.siteId,
    model: call.model,
    served: call.served,
    usage: call.usage,
    estimated: call.estimated,
    ttftMs: null,
    totalMs: call.totalMs,
    status: call.status,
    pricing: { policy: origin.config.routingPolicy, at: Date.now() - (call.totalMs ?? 0) },
  });
}
