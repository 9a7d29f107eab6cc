// The composer: "Message" textbox, Send/Stop, the model picker. Enter sends, Shift+Enter adds a line.

import { useEffect, useRef, useState } from "preact/hooks";
import type { ModelInfo } from "../../contract/site-api.ts";
import { t } from "../i18n/i18n.ts";
import { enterSends } from "../shared/enter-sends.ts";
import { AttachButton } from "./attach-button.tsx";
import { type DraftFile, imagesAllowed } from "./attach-files.ts";
import { DraftChips } from "./attachment-chips.tsx";
import { type ModelChoice, ModelPicker } from "./model-picker.tsx";

/** Props of `Composer`. */
export type ComposerProps = {
  /** Resolves true when the message was accepted (the box and the attached files are then cleared). */
  onSend(text: string, files: DraftFile[]): Promise<boolean>;
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
  const [files, setFiles] = useState<DraftFile[]>([]);
  const box = useRef<HTMLTextAreaElement>(null);
  // Up to 8 KB of UTF-16 units cannot exceed 32 KB of UTF-8: skip encoding on every keystroke of short texts.
  const bytes = text.length > MAX_MESSAGE_BYTES / 4 ? encoder.encode(text).length : text.length;
  const tooLong = bytes > MAX_MESSAGE_BYTES;
  const hasContent = text.trim() !== "" || files.length > 0;
  const images = imagesAllowed(props.models.find((model) => model.id === props.choice.model)?.capabilities?.vision);
  // Images picked for a vision model cannot go to one without vision: sending waits until they are removed.
  const imageForBlindModel = !images && files.some((file) => file.preview);
  const canSend = hasContent && !tooLong && !imageForBlindModel && !busy && !props.streaming && !props.blocked;

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
      if (await props.onSend(text.trim(), files)) {
        setText("");
        setFiles([]);
      }
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
      <DraftChips files={files} onRemove={(index) => setFiles(files.filter((_, other) => other !== index))} />
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
        onKeyDown={enterSends(() => void submit())}
      />
      {imageForBlindModel ? (
        <p class="too-long" role="alert">
          {t("files.modelNoImages")}
        </p>
      ) : null}
      {tooLong ? (
        <p id="composer-too-long" class="too-long" role="alert">
          {t("composer.tooLong", { size: Math.ceil(bytes / 1024), limit: MAX_MESSAGE_BYTES / 1024 })}
        </p>
      ) : null}
      <div class="composer-bar">
        <AttachButton
          count={files.length}
          images={images}
          onFiles={(added) => setFiles((previous) => [...previous, ...added])}
        />
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
