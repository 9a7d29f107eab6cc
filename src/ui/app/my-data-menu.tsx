// "My data" in the sidebar: download everything we hold about the visitor, or erase it (behind a confirmation).
import { useState } from "preact/hooks";
import { t } from "../i18n/i18n.ts";
import { apiRequest } from "../shared/api.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";

/** The visitor's data controls: export as JSON, delete everything. */
export function MyDataMenu() {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const erase = () => {
    setConfirming(false);
    apiRequest("/api/me", null, { method: "DELETE" }).then(
      // A fresh start: the page reloads with a new, empty identity.
      () => location.assign("/"),
      () => setFailure(t("myData.deleteFailed")),
    );
  };
  return (
    <div class="my-data">
      <button
        type="button"
        class="action"
        aria-expanded={open}
        aria-controls="my-data-panel"
        onClick={() => setOpen(!open)}
      >
        {t("myData.menu")}
      </button>
      {open ? (
        <div class="my-data-panel" id="my-data-panel">
          <a class="action" href="/api/me/export" download>
            {t("myData.export")}
          </a>
          <button type="button" class="action danger" onClick={() => setConfirming(true)}>
            {t("myData.delete")}
          </button>
          {failure ? <p class="note note-error">{failure}</p> : null}
        </div>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={t("myData.confirmTitle")}
          confirmLabel={t("myData.confirmLabel")}
          onConfirm={erase}
          onCancel={() => setConfirming(false)}
        >
          <p>{t("myData.confirmBody")}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
