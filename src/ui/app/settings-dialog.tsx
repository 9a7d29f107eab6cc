// The settings panel (loaded on demand): custom instructions, saved per user on the server.
import { useEffect, useRef, useState } from "preact/hooks";
import * as z from "zod/mini";
import { inputLimits } from "../../conversations/input-limits.ts";
import { t } from "../i18n/i18n.ts";
import { ApiError, apiRequest } from "../shared/api.ts";

/** The server's limit: 2 KB of UTF-8. */
const MAX_INSTRUCTIONS_BYTES = inputLimits.instructionsBytes;

const settingsSchema = z.looseObject({ customInstructions: z.string() });
const encoder = new TextEncoder();

/** A modal <dialog> (focus trap, Escape and backdrop from the browser) with one section per setting. */
export function SettingsDialog({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState("");
  const [status, setStatus] = useState<"loading" | "ready" | "saving" | "saved">("loading");
  const [error, setError] = useState<string | null>(null);
  const bytes = encoder.encode(text).length;
  const tooLong = bytes > MAX_INSTRUCTIONS_BYTES;

  useEffect(() => {
    dialog.current?.showModal();
    apiRequest("/api/me/settings", settingsSchema).then(
      (settings) => {
        setText(settings.customInstructions);
        setStatus("ready");
      },
      () => {
        setError(t("settings.readFailed"));
        setStatus("ready");
      },
    );
  }, []);

  const save = async () => {
    if (tooLong || status === "saving") return;
    setStatus("saving");
    setError(null);
    try {
      const saved = await apiRequest("/api/me/settings", settingsSchema, {
        method: "PUT",
        body: { customInstructions: text },
      });
      setText(saved.customInstructions);
      setStatus("saved");
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("settings.saveFailed"));
      setStatus("ready");
    }
  };

  return (
    <dialog ref={dialog} class="dialog settings" aria-labelledby="settings-title" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <h2 id="settings-title">{t("settings.title")}</h2>
        <section class="settings-section">
          <label for="custom-instructions" class="settings-label">
            {t("settings.instructions")}
          </label>
          <p id="custom-instructions-hint" class="hint">
            {t("settings.instructionsHint")}
          </p>
          <textarea
            id="custom-instructions"
            rows={6}
            value={text}
            disabled={status === "loading"}
            placeholder={t("settings.instructionsPlaceholder")}
            aria-describedby="custom-instructions-hint custom-instructions-count"
            aria-invalid={tooLong}
            onInput={(event) => {
              setText(event.currentTarget.value);
              if (status === "saved") setStatus("ready");
            }}
          />
          <p id="custom-instructions-count" class={`counter${tooLong ? " over" : ""}`}>
            {t(tooLong ? "settings.tooLong" : "settings.counter", { bytes, limit: MAX_INSTRUCTIONS_BYTES })}
          </p>
        </section>
        {/* Language (the i18n work adds its own section here). */}
        {error ? (
          <p class="note note-error" role="alert">
            {error}
          </p>
        ) : null}
        <p class="settings-status" role="status">
          {status === "saved" ? t("settings.saved") : ""}
        </p>
        <div class="dialog-bar">
          <button type="button" class="button secondary" onClick={() => dialog.current?.close()}>
            {t("settings.close")}
          </button>
          <button type="submit" class="button" disabled={tooLong || status === "loading" || status === "saving"}>
            {status === "saving" ? t("settings.saving") : t("settings.save")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
