// The composer: "Message" textbox, Send/Stop, the model picker. Enter sends, Shift+Enter adds a line.
import { useEffect, useRef, useState } from "preact/hooks";
import type { ModelInfo } from "../shared/types.ts";
import { ModelPicker } from "./model-picker.tsx";

/** Props of `Composer`. */
export type ComposerProps = {
  /** Resolves true when the message was accepted (the box is then cleared). */
  onSend(text: string): Promise<boolean>;
  onStop(): void;
  streaming: boolean;
  blocked: boolean;
  models: ModelInfo[];
  model: string;
  onModel(id: string): void;
};

/** Rough client-side ceiling (about 3 characters per token of context); the server has the final word (413). */
export function maxMessageChars(model: ModelInfo | undefined): number {
  return Math.min(200_000, (model?.contextTokens ?? 64_000) * 3);
}

/** Text box, model picker and the Send/Stop button. */
export function Composer(props: ComposerProps) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const limit = maxMessageChars(props.models.find((model) => model.id === props.model));
  const tooLong = text.length > limit;
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
        Message
      </label>
      <textarea
        id="composer-input"
        ref={box}
        rows={1}
        value={text}
        placeholder="Message edgechat"
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
          Message too long: {text.length.toLocaleString()} of {limit.toLocaleString()} characters.
        </p>
      ) : null}
      <div class="composer-bar">
        <ModelPicker models={props.models} model={props.model} onModel={props.onModel} />
        {props.streaming ? (
          <button type="button" class="button stop" onClick={props.onStop}>
            Stop
          </button>
        ) : (
          <button type="submit" class="button send" disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
