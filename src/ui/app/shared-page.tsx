// The read-only shared page /s/:id: a snapshot of a conversation, no identity needed.
import { useEffect, useState } from "preact/hooks";
import * as z from "zod/mini";
import { messageSchema } from "../../contract/site-api.ts";
import { formatDate, t } from "../i18n/i18n.ts";
import { ApiError, apiRequest } from "../shared/api.ts";
import { thoughtSeconds } from "../shared/live-state.ts";
import { AssistantMessageView, servedOf, UserMessageView } from "../shared/message-view.tsx";

const snapshotSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  messages: z.array(messageSchema),
});
type Snapshot = z.infer<typeof snapshotSchema>;

/** A shared conversation, read-only. */
export function SharedPage({ id }: { id: string }) {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    apiRequest(`/api/shares/${encodeURIComponent(id)}`, snapshotSchema).then(
      (answer) => {
        setSnapshot(answer);
        document.title = t("shared.documentTitle", { title: answer.title });
      },
      (error: unknown) =>
        setFailure(error instanceof ApiError && error.status === 404 ? t("shared.missing") : t("shared.loadFailed")),
    );
  }, [id]);
  return (
    <main class="shared-page">
      <header class="shared-header">
        <p class="brand">{t("app.brand")}</p>
        <a class="button" href="/">
          {t("shared.startOwn")}
        </a>
      </header>
      {failure ? <p class="note note-error">{failure}</p> : null}
      {snapshot ? (
        <>
          <h1>{snapshot.title}</h1>
          <p class="hint">{t("shared.sharedOn", { date: formatDate(snapshot.createdAt) })}</p>
          <div class="log" role="log" aria-label={t("chat.messages")}>
            {snapshot.messages.map((message) =>
              message.role === "user" ? (
                <UserMessageView key={message.id} id={message.id} content={message.content} />
              ) : (
                <AssistantMessageView
                  key={message.id}
                  id={message.id}
                  content={message.content}
                  reasoning={message.reasoning ?? ""}
                  streaming={false}
                  reasoningSeconds={thoughtSeconds(message.reasoningMs, null)}
                  served={servedOf(message)}
                  status={message.status === "streaming" ? "stopped" : message.status}
                  error={message.error}
                />
              ),
            )}
          </div>
        </>
      ) : failure ? null : (
        <p class="hint">{t("shared.loading")}</p>
      )}
    </main>
  );
}
