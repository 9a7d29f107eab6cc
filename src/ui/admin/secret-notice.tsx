// A key's secret, shown once after create or rotate: selectable, copyable, and gone when dismissed.
import { useState } from "preact/hooks";

/** Props of `SecretNotice`; `label` and `kept` describe the secret (an API key's by default). */
type SecretNoticeProps = {
  name: string;
  secret: string;
  onDismiss(): void;
  label?: string;
  kept?: string;
};

/** The one-time display of a new secret. */
export function SecretNotice({
  name,
  secret,
  onDismiss,
  label = "New key secret",
  kept = "it is stored only as a hash",
}: SecretNoticeProps) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="notice" role="status">
      <p>
        <strong>New secret for {name}.</strong> Copy it now: {kept} and will not be shown again.
      </p>
      <label class="field">
        <span>{label}</span>
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
