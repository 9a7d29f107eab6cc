// A copy-to-clipboard button, shared by the chat site (answers, share links) and the widget (answers).
import { useState } from "preact/hooks";

/** What the button says after a copy; the chat site passes its catalog's words, the widget keeps English. */
export type CopyOutcomeLabels = { done: string; failed: string };

const englishOutcome: CopyOutcomeLabels = { done: "Copied", failed: "Copy failed" };

/** Copy button that says "Copied" for a moment. */
export function CopyButton({
  text,
  label,
  outcome = englishOutcome,
}: {
  text: string;
  label: string;
  outcome?: CopyOutcomeLabels;
}) {
  const [state, setState] = useState<"idle" | "done" | "failed">("idle");
  return (
    <button
      type="button"
      class="action"
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => setState("done"),
          () => setState("failed"),
        )
      }
      onBlur={() => setState("idle")}
    >
      {state === "done" ? outcome.done : state === "failed" ? outcome.failed : label}
    </button>
  );
}
