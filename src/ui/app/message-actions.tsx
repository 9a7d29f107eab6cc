// Per-message actions: copy labels, edit-and-resend and the ‹ 2/3 › branch switcher.
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n/i18n.ts";
import { siblingsOf } from "../shared/branches.ts";
import type { CopyOutcomeLabels } from "../shared/copy-button.tsx";
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
      <legend class="sr-only">{t("actions.versions")}</legend>
      <button
        type="button"
        class="icon-button"
        aria-label={t("actions.previousVersion")}
        disabled={!previous}
        onClick={() => previous && onSwitch(previous.id)}
      >
        ‹
      </button>
      <span class="branch-count">{t("actions.versionCount", { index: index + 1, total: siblings.length })}</span>
      <button
        type="button"
        class="icon-button"
        aria-label={t("actions.nextVersion")}
        disabled={!next}
        onClick={() => next && onSwitch(next.id)}
      >
        ›
      </button>
    </fieldset>
  );
}

/** The shared copy button's "Copied" / "Copy failed" in the visitor's language. */
export function copyOutcome(): CopyOutcomeLabels {
  return { done: t("actions.copied"), failed: t("actions.copyFailed") };
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
        {t("actions.editMessage")}
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
          {t("actions.cancel")}
        </button>
        <button type="submit" class="button" disabled={!text.trim()}>
          {t("actions.saveAndSend")}
        </button>
      </div>
    </form>
  );
}
