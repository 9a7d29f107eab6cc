// The custom instructions a conversation started with, at its top: collapsed to one line, expandable.

import { t } from "../i18n/i18n.ts";
import { openSettings } from "./settings-button.tsx";

/** "Custom instructions" as a disclosure; the edit button opens Settings (changes apply to new chats). */
export function InstructionsNote({ text }: { text: string }) {
  return (
    <details class="instructions-note">
      <summary>{t("instructions.title")}</summary>
      <p class="instructions-text">{text}</p>
      <p class="note">
        {t("instructions.note")}{" "}
        <button type="button" class="link-button" onClick={openSettings}>
          {t("instructions.edit")}
        </button>
      </p>
    </details>
  );
}
