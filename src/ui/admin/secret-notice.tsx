// A key's secret, shown once after create or rotate: selectable, copyable, and gone when dismissed.
import { useState } from "preact/hooks";

/** The one-time display of a new secret. */
export function SecretNotice({ name, secret, onDismiss }: { name: string; secret: string; onDismiss(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="notice" role="status">
      <p>
        <strong>New secret for {name}.</strong> Copy it now: it is stored only as a hash and will not be shown again.
      </p>
      <label class="field">
        <span>New key secret</span>
        <input readOnly value={secret} onFocus={(event) => event.currentTarget.select()} />
      </label>
      <div class="actions">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy secret"}
        </button>
        <button type="button" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}
