// The empty chat at `/`: the first message creates the conversation, then the page moves to /c/:id.
import { useEffect, useRef, useState } from "preact/hooks";
import { type ConversationSummary, conversationSummarySchema, sendAcceptedSchema } from "../../contract/site-api.ts";
import { currentLocale, t } from "../i18n/i18n.ts";
import { ApiError, apiRequest } from "../shared/api.ts";
import { type DraftFile, sendable } from "./attach-files.ts";
import { Composer } from "./composer.tsx";
import type { ChatPaneProps } from "./conversation-view.tsx";
import { HumanCheck, turnstileTokenHeader } from "./human-check.tsx";
import { blocksSending, type Notice, NoticeBanner, noticeFromError } from "./notices.tsx";
import { navigate } from "./router.ts";

/** "DeepSeek V4.1 Flash, free. …": the plan's models by name, from the catalog. */
function welcomeHint(models: ChatPaneProps["models"]): string {
  if (models.length === 0) return t("welcome.noModels");
  const names = new Intl.ListFormat(currentLocale(), { type: "conjunction" }).format(
    models.map((model) => model.label),
  );
  const free = t("welcome.models", { models: names });
  return models.some((model) => model.capabilities?.thinking) ? `${free} ${t("welcome.deepThink")}` : free;
}

/** Props of `NewChat`: the pane's, plus the Turnstile site key while the visitor's first write needs the check. */
export type NewChatProps = ChatPaneProps & {
  onCreated(summary: ConversationSummary): void;
  /** The conversation made for a refused first message is being deleted: out of the sidebar if a list read it. */
  onDiscarded(id: string): void;
  turnstileSiteKey?: string | null;
  /** The visitor passed the check (their first write was accepted): no more checks. */
  onVerified?(): void;
};

/** Welcome screen and composer; `onCreated` puts the new conversation at the top of the sidebar. */
export function NewChat(props: NewChatProps) {
  const [notice, setNotice] = useState<Notice | null>(null);
  // The conversation made for the first message; it joins the sidebar only once that message is accepted.
  const created = useRef<ConversationSummary | null>(null);
  const humanToken = useRef<string | null>(null);
  const [humanCheck, setHumanCheck] = useState({ failed: false, attempt: 0 });

  /** Creates the conversation (the visitor's first write, which carries the Turnstile token when asked for). */
  const create = async (): Promise<ConversationSummary> => {
    const token = props.turnstileSiteKey ? humanToken.current : null;
    try {
      return await apiRequest("/api/conversations", conversationSummarySchema, {
        method: "POST",
        body: {},
        ...(token ? { headers: { [turnstileTokenHeader]: token } } : {}),
      });
    } finally {
      if (token) {
        // Single use, whatever the answer was.
        humanToken.current = null;
        setHumanCheck((previous) => ({ ...previous, attempt: previous.attempt + 1 }));
      }
    }
  };

  const send = async (text: string, files: DraftFile[]): Promise<boolean> => {
    try {
      if (!created.current) {
        try {
          created.current = await create();
        } catch (error) {
          if (error instanceof ApiError && (error.code === "turnstile_failed" || error.code === "turnstile_required")) {
            setNotice(null);
            setHumanCheck((previous) => ({ ...previous, failed: true }));
            return false;
          }
          throw error;
        }
        setHumanCheck((previous) => ({ ...previous, failed: false }));
        props.onVerified?.();
      }
      const conversation = created.current;
      const id = conversation.id;
      await apiRequest(`/api/conversations/${encodeURIComponent(id)}/messages`, sendAcceptedSchema, {
        method: "POST",
        body: {
          content: text,
          model: props.choice.model,
          thinking: props.choice.thinking,
          attachments: sendable(files),
        },
      });
      created.current = null;
      props.onCreated(conversation);
      navigate(`/c/${encodeURIComponent(id)}`);
      return true;
    } catch (error) {
      setNotice(noticeFromError(error));
      discardEmpty();
      return false;
    }
  };

  /**
   * Deletes the conversation whose first message was refused; if that fails too (offline), a retry reuses it.
   * It is forgotten at once, not when the delete returns: a quick retry must not send into a conversation that
   * the delete in flight is about to remove (it would be refused as not found).
   */
  const discardEmpty = () => {
    const conversation = created.current;
    if (!conversation) return;
    created.current = null;
    props.onDiscarded(conversation.id);
    apiRequest(`/api/conversations/${encodeURIComponent(conversation.id)}`, null, { method: "DELETE" }).catch(() => {
      if (created.current === null) created.current = conversation;
    });
  };
  const discardRef = useRef(discardEmpty);
  discardRef.current = discardEmpty;
  // Leaving the page (another conversation) after a refused first message: nothing empty stays behind.
  useEffect(() => () => discardRef.current(), []);

  return (
    <section class="chat" aria-labelledby="chat-title">
      <header class="chat-header">
        <h1 id="chat-title" class="chat-title">
          {t("chat.newChat")}
        </h1>
      </header>
      <div class="scroller">
        <div class="log" role="log" aria-live="polite" aria-label={t("chat.messages")}>
          <div class="welcome">
            <p class="welcome-title">{t("welcome.title")}</p>
            <p class="hint">{welcomeHint(props.models)}</p>
          </div>
        </div>
      </div>
      {props.turnstileSiteKey ? (
        <HumanCheck
          siteKey={props.turnstileSiteKey}
          failed={humanCheck.failed}
          attempt={humanCheck.attempt}
          onToken={(token) => {
            humanToken.current = token;
          }}
        />
      ) : null}
      <NoticeBanner notice={notice} onDismiss={() => setNotice(null)} />
      <Composer
        streaming={false}
        blocked={blocksSending(notice)}
        models={props.models}
        choice={props.choice}
        onChoice={props.onChoice}
        onStop={() => undefined}
        onSend={send}
      />
    </section>
  );
}
