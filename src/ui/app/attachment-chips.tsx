// Attached files as chips: removable in the composer's draft; in a sent message, expandable to show the content
// (images as thumbnails).
import { useState } from "preact/hooks";
import * as z from "zod/mini";
import type { AttachmentSummary } from "../../contract/site-api.ts";
import { t } from "../i18n/i18n.ts";
import { apiRequest } from "../shared/api.ts";
import { type DraftFile, formatSize } from "./attach-files.ts";

/** The draft's files above the message box, each with a remove button. */
export function DraftChips({ files, onRemove }: { files: DraftFile[]; onRemove(index: number): void }) {
  if (files.length === 0) return null;
  return (
    <ul class="chips" aria-label={t("files.list")}>
      {files.map((file, index) => (
        <li key={`${file.name}-${index}`} class="chip">
          {file.preview ? <img class="chip-thumb" src={file.preview} alt="" /> : null}
          <span class="chip-name">{file.name}</span>
          <span class="chip-size">{formatSize(file.size)}</span>
          <button
            type="button"
            class="chip-remove"
            aria-label={t("files.remove", { name: file.name })}
            onClick={() => onRemove(index)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

const contentSchema = z.looseObject({ content: z.string() });

/** A sent image: its thumbnail, read through the visitor's own conversation (the browser sends the cookie). */
function SentImage({ conversationId, file }: { conversationId: string; file: AttachmentSummary }) {
  const path = `/api/conversations/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(file.id)}`;
  return (
    <li class="chip-sent chip-image">
      <a href={path} target="_blank" rel="noopener">
        <img class="attachment-thumb" src={path} alt={file.name} loading="lazy" />
      </a>
    </li>
  );
}

/** One sent file: name and size; expanding it loads its content (through the visitor's own conversation). */
function SentChip({ conversationId, file }: { conversationId: string; file: AttachmentSummary }) {
  const [open, setOpen] = useState(false);
  const [content, setContent] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const panelId = `attachment-${file.id}`;
  const toggle = () => {
    setOpen(!open);
    if (content !== null || open) return;
    const path = `/api/conversations/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(file.id)}`;
    apiRequest(path, contentSchema).then(
      (loaded) => setContent(loaded.content),
      () => setFailed(true),
    );
  };
  return (
    <li class="chip-sent">
      <button type="button" class="chip" aria-expanded={open} aria-controls={panelId} onClick={toggle}>
        <span class="chip-name">{file.name}</span>
        <span class="chip-size">{formatSize(file.size)}</span>
      </button>
      <div id={panelId} class="chip-content" hidden={!open}>
        {failed ? <p class="note note-error">{t("files.loadFailed")}</p> : <pre>{content ?? t("files.loading")}</pre>}
      </div>
    </li>
  );
}

/** The files a sent message carried. */
export function SentChips({ conversationId, files }: { conversationId: string; files: AttachmentSummary[] }) {
  return (
    <ul class="chips chips-sent" aria-label={t("files.list")}>
      {files.map((file) =>
        file.mediaType.startsWith("image/") ? (
          <SentImage key={file.id} conversationId={conversationId} file={file} />
        ) : (
          <SentChip key={file.id} conversationId={conversationId} file={file} />
        ),
      )}
    </ul>
  );
}
