// One open conversation: loads every branch, follows the live stream (folded per animation frame) and
// exposes the actions of the view. Message ids make every merge idempotent (POST answers, live events, replays).

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import {
  conversationSchema,
  type LiveEvent,
  type Message,
  regenerateAcceptedSchema,
  sendAcceptedSchema,
} from "../../contract/site-api.ts";
import { ApiError, apiRequest } from "../shared/api.ts";
import { newestLeafFrom } from "../shared/branches.ts";
import { createFrameBatcher } from "../shared/frame-batcher.ts";
import { connectLive, type LiveStatus } from "../shared/live-client.ts";
import { applyLiveEvent, initialLiveState, type LiveState } from "../shared/live-state.ts";
import { pendingAnswer } from "../shared/pending-answer.ts";
import { type DraftFile, sendable } from "./attach-files.ts";
import type { ModelChoice } from "./model-picker.tsx";

/** What the view renders. */
export type ConversationState = {
  status: "loading" | "ready" | "missing" | "failed";
  title: string;
  /** The custom instructions the conversation started with (shown at its top). */
  instructions?: string | null;
  messages: Message[];
  leafId: string | null;
  live: LiveState;
  connection: LiveStatus;
};

function upsert(messages: Message[], message: Message): Message[] {
  const index = messages.findIndex((other) => other.id === message.id);
  if (index === -1) return [...messages, message];
  const copy = messages.slice();
  copy[index] = message;
  return copy;
}

/** Folds live events into the conversation state (pure; exported for tests). */
export function foldEvents(state: ConversationState, events: LiveEvent[], now: number): ConversationState {
  let next = state;
  for (const event of events) {
    const live = applyLiveEvent(next.live, event, now);
    if (live === next.live) continue;
    next = { ...next, live };
    if (event.type === "turn-start" && !next.messages.some((message) => message.id === event.assistantMessageId)) {
      let messages = event.userMessage ? upsert(next.messages, event.userMessage) : next.messages;
      const current = messages.find((message) => message.id === next.leafId);
      const parentId = event.userMessage?.id ?? (current?.role === "user" ? current.id : (current?.parentId ?? null));
      messages = upsert(messages, pendingAnswer(event.assistantMessageId, parentId, event.model ?? null));
      next = { ...next, messages, leafId: event.assistantMessageId };
    } else if (event.type === "turn-end" && event.message) {
      next = { ...next, messages: upsert(next.messages, event.message) };
    } else if (event.type === "turn-end" && live.turn) {
      const turn = live.turn;
      const stored = next.messages.find((message) => message.id === turn.assistantMessageId);
      if (stored)
        next = { ...next, messages: upsert(next.messages, { ...stored, status: event.status, content: turn.content }) };
    } else if (event.type === "title") {
      next = { ...next, title: event.title };
    }
  }
  return next;
}

/** Loads and follows one conversation; `onTitle` keeps the sidebar in step with live title changes. */
export function useConversation(id: string, onTitle: (id: string, title: string) => void) {
  const [state, setState] = useState<ConversationState>({
    status: "loading",
    title: "",
    instructions: null,
    messages: [],
    leafId: null,
    live: initialLiveState(null, 0),
    connection: "connecting",
  });
  const stateRef = useRef(state);
  stateRef.current = state;
  const onTitleRef = useRef(onTitle);
  onTitleRef.current = onTitle;

  useEffect(() => {
    const abort = new AbortController();
    let client: { close(): void } | null = null;
    const batcher = createFrameBatcher<LiveEvent>((events) => {
      setState((previous) => {
        const next = foldEvents(previous, events, Date.now());
        if (next.title !== previous.title) onTitleRef.current(id, next.title);
        return next;
      });
    });
    apiRequest(`/api/conversations/${encodeURIComponent(id)}`, conversationSchema, { signal: abort.signal }).then(
      (conversation) => {
        const live = initialLiveState(conversation.live, Date.now());
        setState((previous) => ({
          ...previous,
          status: "ready",
          title: conversation.title,
          instructions: conversation.instructions ?? null,
          messages: conversation.messages,
          leafId: conversation.currentLeafId ?? null,
          live,
        }));
        // The title may have been written before this load (a fast answer): its live event is then in the past,
        // so the sidebar learns it here.
        onTitleRef.current(id, conversation.title);
        client = connectLive({
          conversationId: id,
          after: live.lastSeq,
          onEvent: (event) => batcher.push(event),
          onStatus: (connection) => setState((previous) => ({ ...previous, connection })),
        });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const missing = error instanceof ApiError && error.status === 404;
        setState((previous) => ({ ...previous, status: missing ? "missing" : "failed" }));
      },
    );
    return () => {
      abort.abort();
      batcher.cancel();
      client?.close();
    };
  }, [id]);

  const base = `/api/conversations/${encodeURIComponent(id)}`;

  /** Sends a message (with attached files) after `parentId` (an edit passes the edited message's parent). */
  const send = useCallback(
    async (content: string, choice: ModelChoice, parentId?: string | null, attachments: DraftFile[] = []) => {
      const { model, thinking } = choice;
      const body = {
        content,
        model,
        thinking,
        ...(parentId === undefined ? {} : { parentId }),
        attachments: sendable(attachments),
      };
      const answer = await apiRequest(`${base}/messages`, sendAcceptedSchema, { method: "POST", body });
      setState((previous) => {
        if (previous.messages.some((message) => message.id === answer.assistantMessageId)) return previous;
        let messages = upsert(previous.messages, answer.userMessage);
        messages = upsert(messages, pendingAnswer(answer.assistantMessageId, answer.userMessage.id, model));
        return { ...previous, messages, leafId: answer.assistantMessageId };
      });
    },
    [base],
  );

  /** Asks for a new answer to the user message before `messageId` (a new sibling branch). */
  const regenerate = useCallback(
    async (messageId: string, choice: ModelChoice) => {
      const { model, thinking } = choice;
      const target = stateRef.current.messages.find((message) => message.id === messageId);
      const answer = await apiRequest(`${base}/regenerate`, regenerateAcceptedSchema, {
        method: "POST",
        body: { messageId, model, thinking },
      });
      setState((previous) => {
        if (previous.messages.some((message) => message.id === answer.assistantMessageId)) return previous;
        const messages = upsert(
          previous.messages,
          pendingAnswer(answer.assistantMessageId, target?.parentId ?? null, model),
        );
        return { ...previous, messages, leafId: answer.assistantMessageId };
      });
    },
    [base],
  );

  /** Stops the answer in progress; the partial text stays. */
  const stop = useCallback(() => apiRequest(`${base}/stop`, null, { method: "POST" }).then(() => undefined), [base]);

  /** Shows the branch through `messageId` (its newest leaf) and remembers it on the server. */
  const switchBranch = useCallback(
    (messageId: string) => {
      const leafId = newestLeafFrom(stateRef.current.messages, messageId);
      setState((previous) => ({ ...previous, leafId }));
      void apiRequest(base, null, { method: "PATCH", body: { currentLeafId: leafId } }).catch(() => undefined);
    },
    [base],
  );

  return { state, send, regenerate, stop, switchBranch };
}
