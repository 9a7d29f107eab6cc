// The empty chat at `/`: the first message creates the conversation, then the page moves to /c/:id.
import { useRef, useState } from "preact/hooks";
import * as z from "zod/mini";
import { apiRequest } from "../shared/api.ts";
import { type ConversationSummary, messageSchema, summarySchema } from "../shared/types.ts";
import { Composer } from "./composer.tsx";
import type { ChatPaneProps } from "./conversation-view.tsx";
import { blocksSending, type Notice, NoticeBanner, noticeFromError } from "./notices.tsx";
import { navigate } from "./router.ts";

const sendAnswer = z.looseObject({ userMessage: messageSchema, assistantMessageId: z.string() });

/** "DeepSeek V4.1 Flash, free. …": the plan's models by name, from the catalog. */
function welcomeHint(models: ChatPaneProps["models"]): string {
  const names = models.map((model) => model.label).join(", ");
  const deepThink = models.some((model) => model.capabilities?.thinking)
    ? " Turn on DeepThink to watch the model reason before it answers."
    : "";
  return names ? `${names}, free.${deepThink}` : "Free and open models, answered at the edge.";
}

/** Welcome screen and composer; `onCreated` puts the new conversation at the top of the sidebar. */
export function NewChat(props: ChatPaneProps & { onCreated(summary: ConversationSummary): void }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  // Reused when the first send fails (rate limit, too long) so retries do not leave empty conversations.
  const created = useRef<ConversationSummary | null>(null);

  const send = async (text: string): Promise<boolean> => {
    try {
      if (!created.current) {
        created.current = await apiRequest("/api/conversations", summarySchema, { method: "POST", body: {} });
        props.onCreated(created.current);
      }
      const id = created.current.id;
      await apiRequest(`/api/conversations/${encodeURIComponent(id)}/messages`, sendAnswer, {
        method: "POST",
        body: { content: text, model: props.choice.model, thinking: props.choice.thinking },
      });
      navigate(`/c/${encodeURIComponent(id)}`);
      return true;
    } catch (error) {
      setNotice(noticeFromError(error));
      return false;
    }
  };

  return (
    <section class="chat" aria-labelledby="chat-title">
      <header class="chat-header">
        <h1 id="chat-title" class="chat-title">
          New chat
        </h1>
      </header>
      <div class="scroller">
        <div class="log" role="log" aria-live="polite" aria-label="Messages">
          <div class="welcome">
            <p class="welcome-title">How can I help you today?</p>
            <p class="hint">{welcomeHint(props.models)}</p>
          </div>
        </div>
      </div>
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
