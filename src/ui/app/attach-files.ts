// Reading files picked for a message in the browser: text and code only, within the server's limits.
import { inputLimits, textMediaType } from "../../chat/input-limits.ts";
import { formatNumber, t } from "../i18n/i18n.ts";

/** The server's limits: 512 KiB of text per file, 5 files per message. */
const MAX_FILE_BYTES = inputLimits.attachmentBytes;
export const MAX_FILES = inputLimits.attachments;

/** A file read for sending: its text, the media type the server accepts, and its UTF-8 size. */
export type DraftFile = { name: string; mediaType: string; size: number; content: string };

const encoder = new TextEncoder();

/** "12 KB", "1.5 MB", "830 B": a file size for people. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return t("files.bytes", { size: bytes });
  if (bytes < 1024 * 1024) return t("files.kilobytes", { size: Math.round(bytes / 1024) });
  return t("files.megabytes", { size: formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 }) });
}

/**
 * Reads `picked` as text, after the `already` files of the draft: a file too large, binary (a NUL byte) or past
 * the fifth is left out with a sentence saying why.
 */
export async function readFiles(picked: File[], already: number): Promise<{ files: DraftFile[]; problems: string[] }> {
  const files: DraftFile[] = [];
  const problems: string[] = [];
  for (const file of picked) {
    if (already + files.length >= MAX_FILES) {
      problems.push(t("files.tooMany", { max: MAX_FILES, name: file.name }));
      continue;
    }
    if (file.size > MAX_FILE_BYTES) {
      problems.push(t("files.tooLarge", { name: file.name, size: formatSize(file.size) }));
      continue;
    }
    const content = await file.text();
    if (content.includes("\u0000")) {
      problems.push(t("files.notText", { name: file.name }));
      continue;
    }
    const mediaType = textMediaType.test(file.type) ? file.type : "text/plain";
    files.push({ name: file.name, mediaType, size: encoder.encode(content).length, content });
  }
  return { files, problems };
}
