// The widget's compact chat: the chat site's message, reasoning and Markdown views in a narrow layout.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { LiveEvent } from "../../contract/site-api.ts";
import { ApiError } from "../shared/api.ts";
import { pathToLeaf } from "../shared/branches.ts";
import { CopyButton } from "../shared/copy-button.tsx";
import { enterSends } from "../shared/enter-sends.ts";
import { AnswerView, UserMessageView } from "../shared/message-view.tsx";
import { DeleteMyChat } from "./delete-chat.tsx";
import type { EmbedClient } from "./embed-client.ts";
import type { EmbedConfig } from "./embed-config.ts";
import { HandoffForm } from "./handoff-form.tsx";
import type { ParentChannel } from "./parent-channel.ts";
import { SourceList } from "./source-list.tsx";
import { StarterQuestions } from "./starter-questions.tsx";
import { useEmbedChat } from "./use-embed-chat.ts";

/** Props of `EmbedApp`. */
export type EmbedAppProps = { config: EmbedConfig; client: EmbedClient; channel: ParentChannel };

function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong. Please try again.";
  if (error.code === "rate_limited") return `Too many messages. Try again in ${error.retryAfterSeconds ?? 60} s.`;
  if (error.code === "network_error") return "You seem to be offline. Check your connection.";
  return error.message;
}

/** The whole iframe UI. */
export function EmbedApp({ config, client, channel }: EmbedAppProps) {
  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.type === "turn-end" && event.status === "complete" && event.message) {
        channel.post({ type: "message", role: "assistant", content: event.message.content });
      }
    },
    [channel],
  );
  const { state, send, regenerate, stop, startOver } = useEmbedChat(client, onEvent);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [handoff, setHandoff] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const handoffButton = useRef<HTMLButtonElement>(null);
  const turn = state.live.turn;
  const path = pathToLeaf(state.messages, state.leafId);
  const last = path.at(-1);
  const streaming = last?.role === "assistant" && last.status === "streaming" && turn?.status !== "stopped";
  const busy = sending || streaming;

  /**
   * Runs a Stop or Regenerate, showing its failure like a send's. Its button disappears once pressed, so focus
   * moves to the message box rather than being lost to the page.
   */
  const act = (action: () => Promise<void>) => {
    setError(null);
    input.current?.focus();
    action().catch((failure: unknown) => setError(describeError(failure)));
  };

  const submit = useCallback(
    async (text: string) => {
      const content = text.trim();
      if (!content || sending) return;
      setSending(true);
      setError(null);
      try {
        await send(content);
        setDraft("");
        channel.post({ type: "message", role: "user", content });
      } catch (failure) {
        setError(describeError(failure));
      } finally {
        setSending(false);
      }
    },
    [send, sending, channel],
  );
  const submitRef = useRef(submit);
  submitRef.current = submit;

  useEffect(
    () =>
      channel.listen((message) => {
        if (message.type === "focus") {
          const focusable = [...document.querySelectorAll<HTMLElement>("button:not([disabled]), textarea")];
          (message.last === true ? focusable.at(-1) : input.current)?.focus();
        } else if (message.type === "send" && typeof message.text === "string") {
          void submitRef.current(message.text);
        }
      }),
    [channel],
  );
  useEffect(() => {
    // Keyboard events do not cross frames: Escape here must be forwarded for the host panel to close.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") channel.post({ type: "close" });
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [channel]);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  });

  const closeHandoff = () => {
    setHandoff(false);
    // After the form unmounts, focus returns to the action that opened it.
    requestAnimationFrame(() => handoffButton.current?.focus());
  };
  return (
    <div class="embed-shell">
      <div class="embed-bar">
        <button
          type="button"
          class="button secondary"
          onClick={() => {
            startOver();
            setError(null);
            input.current?.focus();
          }}
        >
          New conversation
        </button>
        <button
          type="button"
          class="button secondary"
          ref={handoffButton}
          aria-expanded={handoff}
          onClick={() => setHandoff(!handoff)}
        >
          Talk to a person
        </button>
        <DeleteMyChat
          client={client}
          onErased={() => {
            startOver();
            setError(null);
          }}
        />
      </div>
      {handoff ? (
        <HandoffForm
          client={client}
          siteKey={config.siteKey}
          conversationId={client.storage.get("conversation")}
          onClose={closeHandoff}
        />
      ) : (
        <>
          <div class="scroller embed-scroller" ref={scroller}>
            <div class="log" role="log" aria-live="polite" aria-label="Conversation">
              {config.greeting ? <p class="embed-greeting">{config.greeting}</p> : null}
              {state.status === "loading" ? <p class="note">Loading…</p> : null}
              {state.status === "failed" ? <p class="note note-error">This conversation could not be loaded.</p> : null}
              {path.map((message) => {
                if (message.role === "user")
                  return <UserMessageView key={message.id} id={message.id} content={message.content} />;
                const live =
                  turn && turn.assistantMessageId === message.id && message.status === "streaming" ? turn : null;
                return (
                  <AnswerView key={message.id} message={message} live={live} showServed={config.showServedBy}>
                    {message.sources && message.status !== "streaming" ? (
                      <SourceList sources={message.sources} />
                    ) : null}
                    {message.status !== "streaming" ? (
                      <div class="actions">
                        <CopyButton text={message.content} label="Copy answer" />
                        {message === last && !busy ? (
                          <button type="button" class="action" onClick={() => act(() => regenerate(message.id))}>
                            Regenerate
                          </button>
                        ) : null}
                      </div>
                    ) : null}
                  </AnswerView>
                );
              })}
            </div>
            {state.status === "ready" && path.length === 0 ? (
              <StarterQuestions
                questions={config.starterQuestions}
                disabled={busy}
                onAsk={(text) => void submit(text)}
              />
            ) : null}
          </div>
          {error ? (
            <p class="note note-error embed-error" role="alert">
              {error}
            </p>
          ) : null}
          <form
            class="composer embed-composer"
            onSubmit={(event) => {
              event.preventDefault();
              void submit(draft);
            }}
          >
            <label class="sr-only" for="embed-input">
              Message
            </label>
            <textarea
              id="embed-input"
              ref={input}
              rows={2}
              value={draft}
              placeholder={config.placeholder}
              onInput={(event) => setDraft(event.currentTarget.value)}
              onKeyDown={enterSends(() => void submit(draft))}
            />
            {streaming ? (
              <button type="button" class="button stop" onClick={() => act(stop)}>
                Stop
              </button>
            ) : (
              <button type="submit" class="button" disabled={busy || draft.trim() === ""}>
                Send
              </button>
            )}
          </form>
        </>
      )}
    </div>
  );
}
