// A signed-in person's account: who they are, their passkeys (add, remove), sign out, delete the account.
import { useCallback, useEffect, useState } from "preact/hooks";
import * as z from "zod/mini";
import { formatDate, formatRelativeTime, t } from "../../i18n/i18n.ts";
import { ApiError, apiRequest } from "../../shared/api.ts";
import { ConfirmDialog } from "../confirm-dialog.tsx";
import { failureText, Modal } from "./account-dialog.tsx";
import { registerPasskey } from "./passkey-ceremony.ts";

const passkeySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.nullable(z.number()),
  backedUp: z.boolean(),
});
const accountSchema = z.looseObject({
  signedIn: z.boolean(),
  id: z.optional(z.string()),
  name: z.optional(z.string()),
  passkeys: z.optional(z.array(passkeySchema)),
});
type Account = z.infer<typeof accountSchema>;
type Passkey = z.infer<typeof passkeySchema>;

/** The account panel (a modal). */
export function AccountPanel({ onClose }: { onClose(): void }) {
  const [account, setAccount] = useState<Account | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [removingLast, setRemovingLast] = useState<Passkey | null>(null);
  const [deleting, setDeleting] = useState(false);
  const load = useCallback(() => {
    apiRequest("/api/account", accountSchema).then(setAccount, (error: unknown) => setFailure(failureText(error)));
  }, []);
  useEffect(load, []);
  // Signed out elsewhere (or the session ended): start over as a visitor.
  useEffect(() => {
    if (account && !account.signedIn) location.assign("/");
  }, [account]);

  const remove = (passkey: Passkey, confirmLast = false) => {
    const query = confirmLast ? "?confirm=last" : "";
    apiRequest(`/api/account/passkeys/${encodeURIComponent(passkey.id)}${query}`, null, { method: "DELETE" }).then(
      load,
      (error: unknown) => {
        if (error instanceof ApiError && error.code === "last_passkey") setRemovingLast(passkey);
        else setFailure(failureText(error));
      },
    );
  };
  const add = () => {
    setFailure(null);
    registerPasskey().then(load, (error: unknown) => setFailure(failureText(error)));
  };
  const signOut = () => {
    apiRequest("/api/account/sign-out", null, { method: "POST" }).then(
      () => location.assign("/"),
      (error: unknown) => setFailure(failureText(error)),
    );
  };
  const erase = () => {
    setDeleting(false);
    apiRequest("/api/account", null, { method: "DELETE" }).then(
      () => location.assign("/"),
      (error: unknown) => setFailure(failureText(error)),
    );
  };

  return (
    <Modal title={t("account.title")} onClose={onClose}>
      {account?.signedIn ? (
        <div class="account-panel">
          <p>{t("account.signedInAs", { name: account.name ?? "" })}</p>
          <p class="account-id">{t("account.id", { id: account.id ?? "" })}</p>
          <h3>{t("account.passkeys")}</h3>
          <ul class="passkey-list">
            {(account.passkeys ?? []).map((passkey) => (
              <li key={passkey.id}>
                <span>
                  {passkey.name}
                  <small>
                    {t("account.passkeyCreated", { date: formatDate(passkey.createdAt) })}
                    {passkey.lastUsedAt
                      ? ` · ${t("account.passkeyUsed", { when: formatRelativeTime(passkey.lastUsedAt) })}`
                      : ""}
                    {passkey.backedUp ? ` · ${t("account.passkeySynced")}` : ""}
                  </small>
                </span>
                <button
                  type="button"
                  class="action danger"
                  aria-label={t("account.removePasskey", { name: passkey.name })}
                  onClick={() => remove(passkey)}
                >
                  {t("account.remove")}
                </button>
              </li>
            ))}
          </ul>
          <div class="account-actions">
            <button type="button" class="action" onClick={add}>
              {t("account.addPasskey")}
            </button>
            <button type="button" class="button" onClick={signOut}>
              {t("account.signOut")}
            </button>
            <button type="button" class="action danger" onClick={() => setDeleting(true)}>
              {t("account.delete")}
            </button>
          </div>
        </div>
      ) : null}
      {failure ? <p class="note note-error">{failure}</p> : null}
      {removingLast ? (
        <ConfirmDialog
          title={t("account.lastPasskeyTitle")}
          confirmLabel={t("account.lastPasskeyConfirm")}
          onConfirm={() => {
            setRemovingLast(null);
            remove(removingLast, true);
          }}
          onCancel={() => setRemovingLast(null)}
        >
          <p>{t("account.lastPasskeyBody")}</p>
        </ConfirmDialog>
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t("account.deleteTitle")}
          confirmLabel={t("account.deleteConfirm")}
          onConfirm={erase}
          onCancel={() => setDeleting(false)}
        >
          <p>{t("account.deleteBody")}</p>
        </ConfirmDialog>
      ) : null}
    </Modal>
  );
}
