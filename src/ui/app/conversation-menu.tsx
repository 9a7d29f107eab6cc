// Export (Markdown/JSON download) and share links (create, copy, revoke) of one conversation.
import { useEffect, useRef, useState } from "preact/hooks";
import * as z from "zod/mini";
import { formatRelativeTime, t } from "../i18n/i18n.ts";
import { apiRequest } from "../shared/api.ts";
import { CopyButton } from "../shared/copy-button.tsx";
import { copyOutcome } from "./message-actions.tsx";

const shareSchema = z.looseObject({ id: z.string(), url: z.string(), createdAt: z.optional(z.number()) });
type Share = z.infer<typeof shareSchema>;
const sharesSchema = z.looseObject({ shares: z.array(shareSchema) });

/** Header actions of a conversation: an Export menu and a Share panel. */
export function ConversationMenu({ id }: { id: string }) {
  const [open, setOpen] = useState<"share" | "export" | null>(null);
  const menu = useRef<HTMLDivElement>(null);
  const base = `/api/conversations/${encodeURIComponent(id)}`;
  useEffect(() => {
    if (!open) return;
    // Escape or a click elsewhere closes the panel; Escape returns focus to the button that opened it.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(null);
      menu.current?.querySelector<HTMLButtonElement>('button[aria-expanded="true"]')?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && !menu.current?.contains(event.target)) setOpen(null);
    };
    addEventListener("keydown", onKey);
    addEventListener("pointerdown", onPointer);
    return () => {
      removeEventListener("keydown", onKey);
      removeEventListener("pointerdown", onPointer);
    };
  }, [open]);
  return (
    <div class="menu" ref={menu}>
      {(["export", "share"] as const).map((panel) => (
        <button
          key={panel}
          type="button"
          class="action"
          aria-expanded={open === panel}
          aria-controls={`${panel}-panel`}
          onClick={() => setOpen(open === panel ? null : panel)}
        >
          {t(panel === "export" ? "share.export" : "share.share")}
        </button>
      ))}
      {open === "export" ? (
        <div class="popover" id="export-panel">
          <a class="action" href={`${base}/export?format=md`} download>
            {t("share.markdown")}
          </a>
          <a class="action" href={`${base}/export?format=json`} download>
            {t("share.json")}
          </a>
        </div>
      ) : null}
      {open === "share" ? <SharePanel base={base} /> : null}
    </div>
  );
}

function SharePanel({ base }: { base: string }) {
  const [shares, setShares] = useState<Share[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    apiRequest(`${base}/shares`, sharesSchema).then(
      (answer) => setShares(answer.shares),
      () => setFailure(t("share.loadFailed")),
    );
  }, [base]);
  const create = () =>
    apiRequest(`${base}/share`, shareSchema, { method: "POST" }).then(
      // The create answer has no date: the link was made just now.
      (share) => setShares((previous) => [{ createdAt: Date.now(), ...share }, ...(previous ?? [])]),
      () => setFailure(t("share.createFailed")),
    );
  const revoke = (shareId: string) =>
    apiRequest(`/api/shares/${encodeURIComponent(shareId)}`, null, { method: "DELETE" }).then(
      () => setShares((previous) => (previous ?? []).filter((share) => share.id !== shareId)),
      () => setFailure(t("share.revokeFailed")),
    );
  return (
    <div class="popover share-panel" id="share-panel">
      <p class="hint">{t("share.explain")}</p>
      <button type="button" class="button" onClick={() => void create()}>
        {t("share.create")}
      </button>
      {failure ? <p class="note note-error">{failure}</p> : null}
      <ul class="shares">
        {(shares ?? []).map((share) => {
          const url = new URL(share.url, location.origin).toString();
          return (
            <li key={share.id}>
              <a href={url} target="_blank" rel="noopener noreferrer" class="share-url">
                {url}
              </a>
              {share.createdAt ? (
                <span class="hint">{t("share.created", { when: formatRelativeTime(share.createdAt) })}</span>
              ) : null}
              <CopyButton text={url} label={t("share.copyLink")} outcome={copyOutcome()} />
              <button type="button" class="action danger" onClick={() => void revoke(share.id)}>
                {t("share.revoke")}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
