// "Delete my chat": erases the widget visitor's history on the server (behind a confirmation) and starts afresh.
import { useState } from "preact/hooks";
import { ConfirmDialog } from "../app/confirm-dialog.tsx";
import type { EmbedClient } from "./embed-client.ts";

/** The widget's erase button; `onErased` runs once the server has forgotten the visitor. */
export function DeleteMyChat({ client, onErased }: { client: EmbedClient; onErased(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [failed, setFailed] = useState(false);
  const erase = () => {
    setConfirming(false);
    client.request("/api/me", null, { method: "DELETE" }).then(
      () => {
        // The identity is gone with its data: the next message starts a new visitor.
        client.storage.set("token", null);
        client.storage.set("conversation", null);
        setFailed(false);
        onErased();
      },
      () => setFailed(true),
    );
  };
  return (
    <>
      <button type="button" class="button secondary" onClick={() => setConfirming(true)}>
        Delete my chat
      </button>
      {failed ? (
        <p class="note note-error" role="alert">
          Could not delete your chat. Please try again.
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Delete your chat?"
          confirmLabel="Delete"
          onConfirm={erase}
          onCancel={() => setConfirming(false)}
        >
          <p>Your messages here are deleted for good.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
