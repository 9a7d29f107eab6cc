import { imageMediaType } from "../chat/input-limits.ts";
import { AppError } from "../errors/app-error.ts";

/** True for the media types an attached image may have. */
export function isImageType(mediaType: string): boolean {
  return imageMediaType.test(mediaType);
}

// The first bytes of each format (PNG and GIF specs, JFIF/EXIF SOI marker, RIFF....WEBP).
const signatures: Record<string, (bytes: Uint8Array) => boolean> = {
  "image/png": (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v),
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/gif": (b) => String.fromCharCode(...b.subarray(0, 4)) === "GIF8",
  "image/webp": (b) =>
    String.fromCharCode(...b.subarray(0, 4)) === "RIFF" && String.fromCharCode(...b.subarray(8, 12)) === "WEBP",
};

/**
 * An image's bytes from base64, or 400 `invalid_request` when it is not base64 or its bytes are not the format its
 * media type names (a renamed file would reach the model as garbage, or be served back under the wrong type).
 */
export function decodeImage(mediaType: string, base64: string, param: string): Uint8Array {
  const clean = base64.replace(/\s+/g, "");
  const matches = signatures[mediaType];
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0 || !matches) {
    throw new AppError(400, "An attached image must be its bytes in base64.", { code: "invalid_request", param });
  }
  const bytes = Uint8Array.from(atob(clean), (char) => char.charCodeAt(0));
  if (!matches(bytes)) {
    throw new AppError(400, `The attached file is not a ${mediaType.slice(6).toUpperCase()} image.`, {
      code: "invalid_request",
      param,
    });
  }
  return bytes;
}

/** An image as a `data:` URL, the form OpenAI-compatible chat APIs take inline images in. */
export function dataUrl(mediaType: string, bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  // btoa takes a binary string; built in slices so no argument list grows past the engine's limit.
  let binary = "";
  for (let at = 0; at < view.length; at += 0x8000) binary += String.fromCharCode(...view.subarray(at, at + 0x8000));
  return `data:${mediaType};base64,${btoa(binary)}`;
}
