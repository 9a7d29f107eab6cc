// The widget's single conversation: remembered in the iframe's storage so it survives reloads and navigation on
// the host site, followed live with the shared client, folded with the chat site's own event reducer.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import {
  conversationSchema,
  conversationSummarySchema,
  type LiveEvent,
  meSchema,
  regenerateAcceptedSchema,
  sendAcceptedSchema,
} from "../../contract/site-api.ts";
import { type ConversationState, foldEvents } from "../app/use-conversation.ts";
import { ApiError } from "../shared/api.ts";
import { createFrameBatcher } from "../shared/frame-batcher.ts";
import { connectLive } from "../shared/live-client.ts";
import { initialLiveState } from "../shared/live-state.ts";
import { setModelLabels } from "../shared/model-labels.ts";
import { pendingAnswer } from "../shared/pending-answer.ts";
import type { EmbedClient } from "./embed-client.ts";

function emptyState(): ConversationState {
  return {
    status: "ready",
    title: "",
    messages: [],
    leafId: null,
    live: initialLiveState(null, 0),
    connection: "closed",
  };
}

/** Loads, follows and extends the visitor's conversation; `onEvent` sees every live event (after folding). */
export function useEmbedChat(client: EmbedClient, onEvent: (event: LiveEvent) => void) {
  const [conversationId, setConversationId] = useState<string | null>(() => client.storage.get("conversation"));
  const [state, setState] = useState<ConversationState>(() =>
    conversationId ? { ...emptyState(), status: "loading" } : emptyState(),
  );
  const model = useRef<Promise<string> | null>(null);
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  useEffect(() => {
    if (!conversationId) return;
    let closed = false;
    let live: { close(): void } | null = null;
    const batcher = createFrameBatcher<LiveEvent>((events) => {
      setState((previous) => foldEvents(previous, events, Date.now()));
      for (const event of events) onEventRef.current(event);
    });
    const start = async () => {
      try {
        const conversation = await client.request(
          `/api/conversations/${encodeURIComponent(conversationId)}`,
          conversationSchema,
        );
        if (closed) return;
        const liveState = initialLiveState(conversation.live, Date.now());
        setState((previous) => ({
          ...previous,
          status: "ready",
          title: conversation.title,
          messages: conversation.messages,
          leafId: conversation.currentLeafId ?? null,
          live: liveState,
        }));
        const token = await client.token();
        if (closed) return;
        live = connectLive({
          conversationId,
          after: liveState.lastSeq,
          token,
          onEvent: (event) => batcher.push(event),
          onStatus: (connection) => setState((previous) => ({ ...previous, connection })),
        });
      } catch (error) {
        if (closed) return;
        if (error instanceof ApiError && error.status === 404) {
          // Deleted or from an identity we no longer hold: start a fresh one.
          client.storage.set("conversation", null);
          setConversationId(null);
          setState(emptyState());
        } else {
          setState((previous) => ({ ...previous, status: "failed" }));
        }
      }
    };
    void start();
    return () => {
      closed = true;
      batcher.cancel();
      live?.close();
    };
  }, [client, conversationId]);

  /** The model the widget asks: like the chat site's default, the quick chat model (reasoning keeps visitors waiting). */
  const chooseModel = useCallback(() => {
    model.current ??= client.request("/api/me", meSchema).then((me) => {
      setModelLabels(me.labels ?? {});
      return me.models[0]?.id ?? "deepseek-flash";
    });
    return model.current;
  }, [client]);

  /** Sends a message, creating the conversation on the first one. */
  const send = useCallback(
    async (content: string) => {
      const chosen = await chooseModel();
      let id = conversationId;
      if (!id) {
        const created = await client.request("/api/conversations", conversationSummarySchema, {
          method: "POST",
          body: {},
        });
        id = created.id;
        client.storage.set("conversation", id);
        setConversationId(id);
      }
      const answer = await client.request(`/api/conversations/${encodeURIComponent(id)}/messages`, sendAcceptedSchema, {
        method: "POST",
        body: { content, model: chosen },
      });
      setState((previous) => {
        if (previous.messages.some((message) => message.id === answer.assistantMessageId)) return previous;
        const pending = pendingAnswer(answer.assistantMessageId, answer.userMessage.id, chosen);
        const messages = previous.messages.filter((message) => message.id !== answer.userMessage.id);
        return {
          ...previous,
          status: "ready",
          messages: [...messages, answer.userMessage, pending],
          leafId: pending.id,
        };
      });
    },
    [client, conversationId, chooseModel],
  );

  /** Asks for a new answer in place of `messageId` (the last answer; the widget shows one branch). */
  const regenerate = useCallback(
    async (messageId: string) => {
      if (!conversationId) return;
      const chosen = await chooseModel();
      const parentId = state.messages.find((message) => message.id === messageId)?.parentId ?? null;
      const answer = await client.request(
        `/api/conversations/${encodeURIComponent(conversationId)}/regenerate`,
        regenerateAcceptedSchema,
        { method: "POST", body: { messageId, model: chosen } },
      );
      setState((previous) => {
        if (previous.messages.some((message) => message.id === answer.assistantMessageId)) return previous;
        const pending = pendingAnswer(answer.assistantMessageId, parentId, chosen);
        return { ...previous, messages: [...previous.messages, pending], leafId: pending.id };
      });
    },
    [client, conversationId, chooseModel, state.messages],
  );

  /** Stops the answer in progress; the partial text stays. */
  const stop = useCallback(async () => {
    if (!conversationId) return;
    await client.request(`/api/conversations/${encodeURIComponent(conversationId)}/stop`, null, { method: "POST" });
  }, [client, conversationId]);

  /** Forgets the current conversation (it stays on the server); the next message starts a new one. */
  const startOver = useCallback(() => {
    client.storage.set("conversation", null);
    setConversationId(null);
    setState(emptyState());
  }, [client]);

  return { state, send, regenerate, stop, startOver };
}
