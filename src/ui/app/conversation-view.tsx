// An open conversation at /c/:id: the log of the current branch (live turn included), actions, composer.

import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { ModelInfo } from "../../contract/site-api.ts";
import { t } from "../i18n/i18n.ts";
import { pathToLeaf } from "../shared/branches.ts";
import { CopyButton } from "../shared/copy-button.tsx";
import { AnswerView, UserMessageView } from "../shared/message-view.tsx";
import { SentChips } from "./attachment-chips.tsx";
import { Composer } from "./composer.tsx";
import { ConversationMenu } from "./conversation-menu.tsx";
import { displayTitle, hasTitle } from "./conversation-title.ts";
import { InstructionsNote } from "./instructions-note.tsx";
import { BranchSwitcher, copyOutcome, EditMessage } from "./message-actions.tsx";
import type { ModelChoice } from "./model-picker.tsx";
import { blocksSending, ConnectionBanner, type Notice, NoticeBanner, noticeFromError } from "./notices.tsx";
import { useConversation } from "./use-conversation.ts";

/** Props shared by the chat panes. */
export type ChatPaneProps = {
  models: ModelInfo[];
  choice: ModelChoice;
  onChoice(choice: ModelChoice): void;
  onTitle(id: string, title: string): void;
  /** A message was sent in conversation `id`: the sidebar moves it to the top (newest first). */
  onActivity(id: string): void;
};

/** The conversation `id`, following its live stream. */
export function ConversationView(props: ChatPaneProps & { id: string; title?: string }) {
  const { state, send, regenerate, stop, switchBranch } = useConversation(props.id, props.onTitle);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // The sidebar's title wins: a rename there lands first; a live title reaches both.
  const title = hasTitle(props.title)
    ? props.title
    : state.status === "loading"
      ? t("chat.loading")
      : displayTitle(state.title);
  const path = pathToLeaf(state.messages, state.leafId);
  const last = path[path.length - 1];
  const turn = state.live.turn;
  const streaming = last?.role === "assistant" && last.status === "streaming" && turn?.status !== "stopped";

  const act = (action: () => Promise<unknown>) =>
    action().then(
      () => {
        setNotice(null);
        return true;
      },
      (error: unknown) => {
        setNotice(noticeFromError(error));
        return false;
      },
    );
  const onStop = () => void act(stop);

  useEffect(() => {
    if (!streaming) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onStop();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  });

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  });

  if (state.status === "missing") {
    return (
      <section class="chat empty">
        <h1>{t("chat.notFoundTitle")}</h1>
        <p>{t("chat.notFoundBody")}</p>
        <a href="/">{t("chat.startNew")}</a>
      </section>
    );
  }

  return (
    <section class="chat" aria-labelledby="chat-title">
      <header class="chat-header">
        <h1 id="chat-title" class="chat-title">
          {title}
        </h1>
        {state.status === "ready" ? <ConversationMenu id={props.id} /> : null}
      </header>
      <ConnectionBanner status={state.connection} />
      <div
        class="scroller"
        ref={scroller}
        onScroll={(event) => {
          const element = event.currentTarget;
          stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
        }}
      >
        <div class="log" role="log" aria-live="polite" aria-label={t("chat.messages")} aria-busy={streaming}>
          {state.status === "failed" ? <p class="note note-error">{t("chat.loadFailed")}</p> : null}
          {state.instructions ? <InstructionsNote text={state.instructions} /> : null}
          {path.map((message) =>
            message.role === "user" ? (
              <UserMessageView key={message.id} id={message.id} content={message.content}>
                {message.attachments?.length ? (
                  <SentChips conversationId={props.id} files={message.attachments} />
                ) : null}
                {editing === message.id ? (
                  <EditMessage
                    initial={message.content}
                    onCancel={() => setEditing(null)}
                    onSave={(text) => {
                      setEditing(null);
                      void act(() => send(text, props.choice, message.parentId));
                    }}
                  />
                ) : (
                  <div class="actions">
                    <BranchSwitcher messages={state.messages} message={message} onSwitch={switchBranch} />
                    {!streaming ? (
                      <button type="button" class="action" onClick={() => setEditing(message.id)}>
                        {t("chat.edit")}
                      </button>
                    ) : null}
                  </div>
                )}
              </UserMessageView>
            ) : (
              <AnswerView
                key={message.id}
                message={message}
                live={turn?.assistantMessageId === message.id && message.status === "streaming" ? turn : null}
              >
                {message.status !== "streaming" ? (
                  <div class="actions">
                    <BranchSwitcher messages={state.messages} message={message} onSwitch={switchBranch} />
                    <CopyButton text={message.content} label={t("chat.copyAnswer")} outcome={copyOutcome()} />
                    {!streaming ? (
                      <button
                        type="button"
                        class="action"
                        onClick={() => void act(() => regenerate(message.id, props.choice))}
                      >
                        {t("chat.regenerate")}
                      </button>
                    ) : null}
                  </div>
                ) : null}
              </AnswerView>
            ),
          )}
        </div>
      </div>
      <NoticeBanner notice={notice} onDismiss={() => setNotice(null)} />
      <Composer
        streaming={streaming}
        blocked={blocksSending(notice) || state.status !== "ready"}
        models={props.models}
        choice={props.choice}
        onChoice={props.onChoice}
        onStop={onStop}
        onSend={(text, files) => {
          stick.current = true;
          return act(() => send(text, props.choice, undefined, files).then(() => props.onActivity(props.id)));
        }}
      />
    </section>
  );
}
