// "Talk to a person": the visitor leaves an email and a note; the site's team receives them with the transcript
// (the server stores the hand-off and signs it to the owner's webhook). Keyboard first: the email field takes
// focus on open, Escape or "Back to chat" closes, and the outcome is announced.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../shared/api.ts";
import type { EmbedClient } from "./embed-client.ts";

/** Props of `HandoffForm`. */
export type HandoffFormProps = {
  client: EmbedClient;
  siteKey: string;
  conversationId: string | null;
  onClose(): void;
};

/** The hand-off form, shown in place of the conversation until it is closed. */
export function HandoffForm({ client, siteKey, conversationId, onClose }: HandoffFormProps) {
  const [email, setEmail] = useState("");
  const [note, setNote] = useState("");
  const [state, setState] = useState<"editing" | "sending" | "sent">("editing");
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    if (state === "sent") back.current?.focus();
  }, [state]);

  const submit = async () => {
    setState("sending");
    setError(null);
    try {
      await client.request(`/api/embed/${encodeURIComponent(siteKey)}/handoff`, null, {
        method: "POST",
        body: { email: email.trim(), note: note.trim(), ...(conversationId ? { conversationId } : {}) },
      });
      setState("sent");
    } catch (failure) {
      setState("editing");
      setError(
        failure instanceof ApiError && failure.code !== "network_error"
          ? failure.message
          : "Your message could not be sent. Please try again.",
      );
    }
  };

  return (
    <section
      class="handoff"
      aria-labelledby="handoff-title"
      onKeyDown={(event) => {
        // Escape closes this form first; the panel itself closes on the next one.
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <h2 id="handoff-title">Talk to a person</h2>
      {state === "sent" ? (
        <>
          <p role="status">Thanks! Someone from the team will reply to {email.trim()}.</p>
          <button type="button" class="button" ref={back} onClick={onClose}>
            Back to chat
          </button>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <p>Leave your email and a note; the team will write back. They will see this conversation too.</p>
          <label for="handoff-email">Your email</label>
          <input
            id="handoff-email"
            ref={first}
            type="email"
            required
            maxLength={254}
            autocomplete="email"
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
          <label for="handoff-note">Note</label>
          <textarea
            id="handoff-note"
            rows={3}
            maxLength={2000}
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
          {error ? (
            <p class="note note-error" role="alert">
              {error}
            </p>
          ) : null}
          <div class="handoff-bar">
            <button type="button" class="button secondary" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" class="button" disabled={state === "sending"}>
              {state === "sending" ? "Sending…" : "Send to the team"}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
