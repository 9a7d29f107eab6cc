// The turn being streamed, folded from live events. Pure and DOM-free so it is unit-testable in node;
// events at or below the last seen `seq` are ignored, which makes reconnects and two tabs duplicate-safe.
import type { LiveEvent, LiveServed, LiveTurn, Message } from "../../contract/site-api.ts";

/** A turn as the view shows it while (and right after) it streams. */
export type StreamingTurn = {
  turnId: string;
  assistantMessageId: string;
  userMessage: Message | null;
  model: string | null;
  reasoning: string;
  content: string;
  served: LiveServed | null;
  status: "streaming" | "complete" | "stopped" | "error";
  /** Client clock when reasoning was first seen / when the answer text began (for "Thought for N s"). */
  reasoningStartedAt: number | null;
  reasoningEndedAt: number | null;
  /** The stored message once the turn ended. */
  final: Message | null;
};

/** Everything the live stream has told us about one conversation. */
export type LiveState = { lastSeq: number; turn: StreamingTurn | null; title: string | null };

/** The state before any event (or resuming from a LiveTurn returned by GET /api/conversations/:id). */
export function initialLiveState(live: LiveTurn | null | undefined, now: number): LiveState {
  if (!live) return { lastSeq: 0, turn: null, title: null };
  const reasoning = live.reasoning ?? "";
  const content = live.content ?? "";
  return {
    lastSeq: live.lastSeq,
    title: null,
    turn: {
      turnId: live.turnId,
      assistantMessageId: live.assistantMessageId,
      userMessage: null,
      model: live.served?.model ?? null,
      reasoning,
      content,
      served: live.served ?? null,
      status: "streaming",
      reasoningStartedAt: reasoning ? now : null,
      reasoningEndedAt: reasoning && content ? now : null,
      final: null,
    },
  };
}

/** Applies one event; returns the same object when the event is a duplicate or irrelevant. */
export function applyLiveEvent(state: LiveState, event: LiveEvent, now: number): LiveState {
  if (event.seq <= state.lastSeq) return state;
  const lastSeq = event.seq;
  const turn = state.turn;
  switch (event.type) {
    case "turn-start":
      return {
        ...state,
        lastSeq,
        turn: {
          ...emptyTurn(event.turnId, event.assistantMessageId),
          userMessage: event.userMessage,
          model: event.model,
        },
      };
    case "snapshot":
      return {
        ...state,
        lastSeq,
        turn: {
          ...(turn?.turnId === event.turnId ? turn : emptyTurn(event.turnId, event.assistantMessageId)),
          reasoning: event.reasoning ?? "",
          content: event.content ?? "",
          served: event.served ?? turn?.served ?? null,
          reasoningStartedAt: turn?.reasoningStartedAt ?? (event.reasoning ? now : null),
          reasoningEndedAt: turn?.reasoningEndedAt ?? (event.content && event.reasoning ? now : null),
        },
      };
    case "served": {
      if (!turn) return { ...state, lastSeq };
      const served: LiveServed = {
        provider: event.provider,
        model: event.model,
        region: event.region,
        simulated: event.simulated,
        servedAs: event.servedAs,
      };
      return { ...state, lastSeq, turn: { ...turn, served } };
    }
    case "reasoning-delta":
      if (!turn) return { ...state, lastSeq };
      return {
        ...state,
        lastSeq,
        turn: { ...turn, reasoning: turn.reasoning + event.text, reasoningStartedAt: turn.reasoningStartedAt ?? now },
      };
    case "text-delta":
      if (!turn) return { ...state, lastSeq };
      return {
        ...state,
        lastSeq,
        turn: {
          ...turn,
          content: turn.content + event.text,
          reasoningEndedAt: turn.reasoningEndedAt ?? (turn.reasoningStartedAt !== null ? now : null),
        },
      };
    case "turn-end":
      if (!turn || turn.turnId !== event.turnId)
        return { ...state, lastSeq, turn: turn && { ...turn, status: event.status } };
      return {
        ...state,
        lastSeq,
        turn: {
          ...turn,
          status: event.status,
          final: event.message ?? null,
          content: event.message?.content ?? turn.content,
          reasoning: event.message?.reasoning ?? turn.reasoning,
          reasoningEndedAt: turn.reasoningEndedAt ?? (turn.reasoningStartedAt !== null ? now : null),
        },
      };
    case "title":
      return { ...state, lastSeq, title: event.title };
    case "sources":
      // The sources are shown from the finished message (turn-end), not while the answer streams.
      return state;
  }
}

function emptyTurn(turnId: string, assistantMessageId: string): StreamingTurn {
  return {
    turnId,
    assistantMessageId,
    userMessage: null,
    model: null,
    reasoning: "",
    content: "",
    served: null,
    status: "streaming",
    reasoningStartedAt: null,
    reasoningEndedAt: null,
    final: null,
  };
}

/** Seconds the model thought, from the stored message when known, else from what the client saw. */
export function thoughtSeconds(reasoningMs: number | null | undefined, turn: StreamingTurn | null): number | null {
  if (typeof reasoningMs === "number") return Math.max(1, Math.round(reasoningMs / 1000));
  if (turn?.reasoningStartedAt != null && turn.reasoningEndedAt != null) {
    return Math.max(1, Math.round((turn.reasoningEndedAt - turn.reasoningStartedAt) / 1000));
  }
  return null;
}
