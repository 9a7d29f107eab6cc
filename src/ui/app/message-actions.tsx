// Per-message actions: edit-and-resend and the ‹ 2/3 › branch switcher.
import { useEffect, useRef, useState } from "preact/hooks";
import { siblingsOf } from "../shared/branches.ts";
import type { Message } from "../shared/types.ts";

/** ‹ n/m › between the versions of a message (shown only when there are several). */
export function BranchSwitcher({
  messages,
  message,
  onSwitch,
}: {
  messages: Message[];
  message: Message;
  onSwitch(id: string): void;
}) {
  const { siblings, index } = siblingsOf(messages, message);
  if (siblings.length < 2) return null;
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  return (
    <fieldset class="branches">
      <legend class="sr-only">Versions</legend>
      <button
        type="button"
        class="icon-button"
        aria-label="Previous version"
        disabled={!previous}
        onClick={() => previous && onSwitch(previous.id)}
      >
        ‹
      </button>
      <span class="branch-count">
        {index + 1}/{siblings.length}
      </span>
      <button
        type="button"
        class="icon-button"
        aria-label="Next version"
        disabled={!next}
        onClick={() => next && onSwitch(next.id)}
      >
        ›
      </button>
    </fieldset>
  );
}

/** Inline editor of a user message; saving sends the new text as a new branch. */
export function EditMessage({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave(text: string): void;
  onCancel(): void;
}) {
  const [text, setText] = useState(initial);
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <form
      class="edit"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) onSave(text.trim());
      }}
    >
      <label class="sr-only" for="edit-message">
        Edit message
      </label>
      <textarea
        id="edit-message"
        value={text}
        rows={3}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            if (text.trim()) onSave(text.trim());
          }
        }}
        ref={box}
      />
      <div class="edit-bar">
        <button type="button" class="button secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="button" disabled={!text.trim()}>
          Save and send
        </button>
      </div>
    </form>
  );
}
