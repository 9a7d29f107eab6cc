// The widget's compact chat: the chat site's message, reasoning and Markdown views in a narrow layout.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../shared/api.ts";
import { pathToLeaf } from "../shared/branches.ts";
import { AnswerView, UserMessageView } from "../shared/message-view.tsx";
import type { LiveEvent } from "../shared/types.ts";
import { DeleteMyChat } from "./delete-chat.tsx";
import type { EmbedClient } from "./embed-client.ts";
import type { EmbedConfig } from "./embed-config.ts";
import type { ParentChannel } from "./parent-channel.ts";
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
  const { state, send, startOver } = useEmbedChat(client, onEvent);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const turn = state.live.turn;
  const busy = sending || turn?.status === "streaming";

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

  const path = pathToLeaf(state.messages, state.leafId);
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
        <DeleteMyChat
          client={client}
          onErased={() => {
            startOver();
            setError(null);
          }}
        />
      </div>
      <div class="scroller embed-scroller" ref={scroller}>
        <div class="log" role="log" aria-live="polite" aria-label="Conversation">
          {config.greeting ? <p class="embed-greeting">{config.greeting}</p> : null}
          {state.status === "loading" ? <p class="note">Loading…</p> : null}
          {state.status === "failed" ? <p class="note note-error">This conversation could not be loaded.</p> : null}
          {path.map((message) => {
            if (message.role === "user")
              return <UserMessageView key={message.id} id={message.id} content={message.content} />;
            const live = turn && turn.assistantMessageId === message.id && message.status === "streaming" ? turn : null;
            return <AnswerView key={message.id} message={message} live={live} />;
          })}
        </div>
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
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              void submit(draft);
            }
          }}
        />
        <button type="submit" class="button" disabled={busy || draft.trim() === ""}>
          Send
        </button>
      </form>
    </div>
  );
}
