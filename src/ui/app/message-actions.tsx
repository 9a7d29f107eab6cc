// Per-message actions: copy labels, edit-and-resend and the ‹ 2/3 › branch switcher.

import { useEffect, useRef, useState } from "preact/hooks";
import type { Message } from "../../contract/site-api.ts";
import { t } from "../i18n/i18n.ts";
import { siblingsOf } from "../shared/branches.ts";
import type { CopyOutcomeLabels } from "../shared/copy-button.tsx";
import { enterSends } from "../shared/enter-sends.ts";

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
      <VersionStep to={previous} label={t("actions.previousVersion")} glyph="‹" onSwitch={onSwitch} />
      <span class="branch-count">{t("actions.versionCount", { index: index + 1, total: siblings.length })}</span>
      <VersionStep to={next} label={t("actions.nextVersion")} glyph="›" onSwitch={onSwitch} />
    </fieldset>
  );
}

/** The previous or next version's button, disabled at either end. */
function VersionStep(props: { to: Message | undefined; label: string; glyph: string; onSwitch(id: string): void }) {
  const { to, onSwitch } = props;
  return (
    <button
      type="button"
      class="icon-button"
      aria-label={props.label}
      disabled={!to}
      onClick={() => to && onSwitch(to.id)}
    >
      {props.glyph}
    </button>
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
  const save = () => {
    if (text.trim()) onSave(text.trim());
  };
  const sendOnEnter = enterSends(save);
  return (
    <form
      class="edit"
      onSubmit={(event) => {
        event.preventDefault();
        save();
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
          else sendOnEnter(event);
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
