// The read-only shared page /s/:id: a snapshot of a conversation, no identity needed.
import { useEffect, useState } from "preact/hooks";
import * as z from "zod/mini";
import { ApiError, apiRequest } from "../shared/api.ts";
import { thoughtSeconds } from "../shared/live-state.ts";
import { AssistantMessageView, UserMessageView } from "../shared/message-view.tsx";
import { messageSchema } from "../shared/types.ts";

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
        document.title = `${answer.title} · shared on edgechat`;
      },
      (error: unknown) =>
        setFailure(
          error instanceof ApiError && error.status === 404
            ? "This share link does not exist or was revoked."
            : "This page could not be loaded.",
        ),
    );
  }, [id]);
  return (
    <main class="shared-page">
      <header class="shared-header">
        <p class="brand">edgechat</p>
        <a class="button" href="/">
          Start your own chat
        </a>
      </header>
      {failure ? <p class="note note-error">{failure}</p> : null}
      {snapshot ? (
        <>
          <h1>{snapshot.title}</h1>
          <p class="hint">A read-only copy shared on {new Date(snapshot.createdAt).toLocaleDateString()}.</p>
          <div class="log" role="log" aria-label="Messages">
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
                  served={
                    message.provider && message.servedModel
                      ? {
                          provider: message.provider,
                          model: message.servedModel,
                          region: message.region,
                          simulated: message.simulated,
                        }
                      : null
                  }
                  status={message.status === "streaming" ? "stopped" : message.status}
                  error={message.error}
                />
              ),
            )}
          </div>
        </>
      ) : failure ? null : (
        <p class="hint">Loading…</p>
      )}
    </main>
  );
}
