// A modal confirmation built on <dialog> (focus trapping, Escape and the backdrop come from the browser).
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { t } from "../i18n/i18n.ts";

/** Props of `ConfirmDialog`. */
export type ConfirmDialogProps = {
  title: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  children?: ComponentChildren;
};

/** Shows itself modally while mounted. */
export function ConfirmDialog({ title, confirmLabel, onConfirm, onCancel, children }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="dialog-title" onCancel={onCancel}>
      <h2 id="dialog-title">{title}</h2>
      {children}
      <div class="dialog-bar">
        <button type="button" class="button secondary" onClick={onCancel}>
          {t("dialog.cancel")}
        </button>
        <button type="button" class="button danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
