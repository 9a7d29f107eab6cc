// The passkey dialogs (sign in, create an account) and, signed in, the account panel. Loaded on demand.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../../i18n/i18n.ts";
import { AccountPanel } from "./account-panel.tsx";
import { registerPasskey, signInWithPasskey, wasCancelled } from "./passkey-ceremony.ts";

/** Which dialog is open. */
export type AccountView = "sign-in" | "create" | "account";

/** A modal <dialog> with a title and a Close button. */
export function Modal(props: { title: string; onClose(): void; children: ComponentChildren }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="dialog account-dialog" aria-labelledby="account-dialog-title" onCancel={props.onClose}>
      <h2 id="account-dialog-title">{props.title}</h2>
      {props.children}
      <div class="dialog-bar">
        <button type="button" class="button secondary" onClick={props.onClose}>
          {t("account.close")}
        </button>
      </div>
    </dialog>
  );
}

/** The message for a failed ceremony. */
export function failureText(error: unknown): string {
  if (wasCancelled(error)) return t("account.cancelled");
  if (typeof PublicKeyCredential === "undefined") return t("account.unsupported");
  return t("account.failed", { reason: error instanceof Error ? error.message : String(error) });
}

/** A passkey ceremony's busy and failure state; on success the whole page changes identity (list, plan, models),
 * so it reloads as the account. */
function useCeremony() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = (ceremony: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    ceremony().then(
      () => location.reload(),
      (error: unknown) => {
        setBusy(false);
        setFailure(failureText(error));
      },
    );
  };
  return { busy, failure, run };
}

function SignIn({ onClose }: { onClose(): void }) {
  const { busy, failure, run } = useCeremony();
  const start = () => run(signInWithPasskey);
  return (
    <Modal title={t("account.signInTitle")} onClose={onClose}>
      <p>{t("account.signInBody")}</p>
      <button type="button" class="button" disabled={busy} onClick={start}>
        {busy ? t("account.working") : t("account.signInContinue")}
      </button>
      {failure ? <p class="note note-error">{failure}</p> : null}
    </Modal>
  );
}

function CreateAccount({ onClose }: { onClose(): void }) {
  const [name, setName] = useState("");
  const { busy, failure, run } = useCeremony();
  const start = (event: Event) => {
    event.preventDefault();
    run(() => registerPasskey(name.trim() || undefined));
  };
  return (
    <Modal title={t("account.createTitle")} onClose={onClose}>
      <p>{t("account.createBody")}</p>
      <form class="account-form" onSubmit={start}>
        <label>
          {t("account.nameLabel")}
          <input
            type="text"
            maxLength={64}
            autoComplete="username webauthn"
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button" disabled={busy}>
          {busy ? t("account.working") : t("account.createContinue")}
        </button>
      </form>
      {failure ? <p class="note note-error">{failure}</p> : null}
    </Modal>
  );
}

/** The dialog for `view`. */
export function AccountDialog({ view, onClose }: { view: AccountView; onClose(): void }) {
  if (view === "sign-in") return <SignIn onClose={onClose} />;
  if (view === "create") return <CreateAccount onClose={onClose} />;
  return <AccountPanel onClose={onClose} />;
}
