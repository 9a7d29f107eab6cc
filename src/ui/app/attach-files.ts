// Reading files picked for a message in the browser: text and code, and images where the model reads them, within
// the server's limits.
import { imageMediaType, inputLimits, textMediaType } from "../../conversations/input-limits.ts";
import { formatNumber, t } from "../i18n/i18n.ts";

/** The server's limits: 512 KiB of text per file, 5 files per message. */
const MAX_FILE_BYTES = inputLimits.attachmentBytes;
export const MAX_FILES = inputLimits.attachments;

/**
 * A file read for sending: its text (an image: its bytes in base64), the media type the server accepts, and its
 * size; an image also keeps its `data:` URL for the draft's thumbnail.
 */
export type DraftFile = { name: string; mediaType: string; size: number; content: string; preview?: string };

let uploads = false;

/** Whether this deployment stores images (/api/me says so); the app sets it once it knows. */
export function setImageUploads(enabled: boolean): void {
  uploads = enabled;
}

/** Whether images may be attached for a model: the deployment stores them and the model reads them. */
export function imagesAllowed(vision: boolean | undefined): boolean {
  return uploads && vision === true;
}

/** An image as a `data:` URL (for the thumbnail; its base64 part is what the server takes). */
function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

const encoder = new TextEncoder();

/** "12 KB", "1.5 MB", "830 B": a file size for people. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return t("files.bytes", { size: bytes });
  if (bytes < 1024 * 1024) return t("files.kilobytes", { size: Math.round(bytes / 1024) });
  return t("files.megabytes", { size: formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 }) });
}

/**
 * Reads `picked` as text (or, when `images`, PNG/JPEG/WebP/GIF as images), after the `already` files of the draft:
 * a file too large, binary (a NUL byte) or past the fifth is left out with a sentence saying why.
 */
export async function readFiles(
  picked: File[],
  already: number,
  images = false,
): Promise<{ files: DraftFile[]; problems: string[] }> {
  const files: DraftFile[] = [];
  const problems: string[] = [];
  for (const file of picked) {
    if (already + files.length >= MAX_FILES) {
      problems.push(t("files.tooMany", { max: MAX_FILES, name: file.name }));
      continue;
    }
    if (imageMediaType.test(file.type)) {
      if (!images) problems.push(t("files.noImages", { name: file.name }));
      else if (file.size > inputLimits.imageBytes) {
        problems.push(t("files.imageTooLarge", { name: file.name, size: formatSize(file.size) }));
      } else {
        const preview = await readDataUrl(file);
        const content = preview.slice(preview.indexOf(",") + 1);
        files.push({ name: file.name, mediaType: file.type, size: file.size, content, preview });
      }
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

/** The draft's files as a send carries them (without the thumbnails, which would double an image's bytes). */
export function sendable(files: DraftFile[]): DraftFile[] {
  return files.map(({ preview: _preview, ...file }) => file);
}
