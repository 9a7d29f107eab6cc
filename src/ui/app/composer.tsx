// The composer: "Message" textbox, Send/Stop, the model picker. Enter sends, Shift+Enter adds a line.
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n/i18n.ts";
import type { ModelInfo } from "../shared/types.ts";
import { type ModelChoice, ModelPicker } from "./model-picker.tsx";

/** Props of `Composer`. */
export type ComposerProps = {
  /** Resolves true when the message was accepted (the box is then cleared). */
  onSend(text: string): Promise<boolean>;
  onStop(): void;
  streaming: boolean;
  blocked: boolean;
  models: ModelInfo[];
  choice: ModelChoice;
  onChoice(choice: ModelChoice): void;
};

/** The server refuses messages over 32 KB of UTF-8 (413 `request_too_large`, param `content`); the composer says so before sending. */
export const MAX_MESSAGE_BYTES = 32 * 1024;

const encoder = new TextEncoder();

/** Text box, model picker and the Send/Stop button. */
export function Composer(props: ComposerProps) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  // Up to 8 KB of UTF-16 units cannot exceed 32 KB of UTF-8: skip encoding on every keystroke of short texts.
  const bytes = text.length > MAX_MESSAGE_BYTES / 4 ? encoder.encode(text).length : text.length;
  const tooLong = bytes > MAX_MESSAGE_BYTES;
  const canSend = text.trim() !== "" && !tooLong && !busy && !props.streaming && !props.blocked;

  useEffect(() => box.current?.focus(), []);
  useEffect(() => {
    // Grow with the text up to the CSS max-height (a JS style, which the CSP allows).
    const element = box.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${element.scrollHeight}px`;
  }, [text]);

  const submit = async () => {
    if (!canSend) return;
    setBusy(true);
    try {
      if (await props.onSend(text.trim())) setText("");
    } finally {
      setBusy(false);
      box.current?.focus();
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label for="composer-input" class="sr-only">
        {t("composer.message")}
      </label>
      <textarea
        id="composer-input"
        ref={box}
        rows={1}
        value={text}
        placeholder={t("composer.placeholder")}
        aria-invalid={tooLong}
        aria-describedby={tooLong ? "composer-too-long" : undefined}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            void submit();
          }
        }}
      />
      {tooLong ? (
        <p id="composer-too-long" class="too-long" role="alert">
          {t("composer.tooLong", { size: Math.ceil(bytes / 1024), limit: MAX_MESSAGE_BYTES / 1024 })}
        </p>
      ) : null}
      <div class="composer-bar">
        <ModelPicker models={props.models} choice={props.choice} onChoice={props.onChoice} />
        {props.streaming ? (
          <button type="button" class="button stop" onClick={props.onStop}>
            {t("composer.stop")}
          </button>
        ) : (
          <button type="submit" class="button send" disabled={!canSend}>
            {t("composer.send")}
          </button>
        )}
      </div>
    </form>
  );
}
