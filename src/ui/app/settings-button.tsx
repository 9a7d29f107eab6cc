// "Settings" in the sidebar: the panel's code loads on first open (it stays off the first load's budget).
import type { FunctionComponent } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n/i18n.ts";

const openEvent = "edgechat:open-settings";

/** Opens the settings panel from anywhere in the app (the instructions note's "Edit in Settings"). */
export function openSettings(): void {
  dispatchEvent(new Event(openEvent));
}

type Dialog = FunctionComponent<{ onClose(): void }>;

/** The button, and the panel while it is open. */
export function SettingsButton() {
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<{ component: Dialog } | null>(null);
  const [failed, setFailed] = useState(false);
  const show = () => {
    setOpen(true);
    if (dialog) return;
    import("./settings-dialog.tsx").then(
      (module) => setDialog({ component: module.SettingsDialog }),
      () => {
        setOpen(false);
        setFailed(true);
      },
    );
  };
  // The listener stays registered once; it calls whichever `show` the latest render made.
  const latestShow = useRef(show);
  latestShow.current = show;
  useEffect(() => {
    const onOpen = () => latestShow.current();
    addEventListener(openEvent, onOpen);
    return () => removeEventListener(openEvent, onOpen);
  }, []);
  const Panel = dialog?.component;
  return (
    <>
      <button type="button" class="action settings-button" aria-haspopup="dialog" onClick={show}>
        {t("settings.open")}
      </button>
      {failed ? <p class="note note-error">{t("settings.openFailed")}</p> : null}
      {open && Panel ? <Panel onClose={() => setOpen(false)} /> : null}
    </>
  );
}
