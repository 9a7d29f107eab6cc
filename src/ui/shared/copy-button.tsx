// A copy-to-clipboard button, shared by the chat site (answers, share links) and the widget (answers).
import { useState } from "preact/hooks";

/** Copy button that says "Copied" for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
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
      {state === "done" ? "Copied" : state === "failed" ? "Copy failed" : label}
    </button>
  );
}
