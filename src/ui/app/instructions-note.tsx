// The custom instructions a conversation started with, at its top: collapsed to one line, expandable.
import { openSettings } from "./settings-button.tsx";

/** "Custom instructions" as a disclosure; the edit button opens Settings (changes apply to new chats). */
export function InstructionsNote({ text }: { text: string }) {
  return (
    <details class="instructions-note">
      <summary>Custom instructions</summary>
      <p class="instructions-text">{text}</p>
      <p class="note">
        This chat started with these instructions. Changes apply to new chats.{" "}
        <button type="button" class="link-button" onClick={openSettings}>
          Edit in Settings
        </button>
      </p>
    </details>
  );
}
