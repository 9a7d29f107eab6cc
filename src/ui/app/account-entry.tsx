// "Sign in" and "Create account" (or, signed in, "Account") in the sidebar. Only these buttons ship with the first
// load: the passkey dialogs and the account panel, with @simplewebauthn/browser, are fetched on the first click.
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n/i18n.ts";
import type { AccountView } from "./account/account-dialog.tsx";

type AccountUi = Pick<typeof import("./account/account-dialog.tsx"), "AccountDialog">;

/** Props of `AccountEntry`. */
export type AccountEntryProps = {
  signedIn: boolean;
  /** Called when a signed-in person comes back to the tab: another device may have changed the list. */
  onReturn(): void;
};

/** The account buttons; the dialog they open is loaded on demand. */
export function AccountEntry({ signedIn, onReturn }: AccountEntryProps) {
  const [view, setView] = useState<AccountView | null>(null);
  const [ui, setUi] = useState<AccountUi | null>(null);
  const returned = useRef(onReturn);
  returned.current = onReturn;
  useEffect(() => {
    if (!signedIn) return;
    const refresh = () => {
      if (document.visibilityState === "visible") returned.current();
    };
    document.addEventListener("visibilitychange", refresh);
    return () => document.removeEventListener("visibilitychange", refresh);
  }, [signedIn]);
  const open = (next: AccountView) => {
    setView(next);
    if (!ui) void import("./account/account-dialog.tsx").then(({ AccountDialog }) => setUi({ AccountDialog }));
  };
  const Dialog = ui?.AccountDialog;
  return (
    <div class="account-entry">
      {signedIn ? (
        <button type="button" class="action" onClick={() => open("account")}>
          {t("account.menu")}
        </button>
      ) : (
        <>
          <button type="button" class="button" onClick={() => open("sign-in")}>
            {t("account.signIn")}
          </button>
          <button type="button" class="action" onClick={() => open("create")}>
            {t("account.create")}
          </button>
        </>
      )}
      {view && Dialog ? <Dialog view={view} onClose={() => setView(null)} /> : null}
    </div>
  );
}
