import { imageMediaType } from "../conversations/input-limits.ts";
import { AppError } from "../http/app-error.ts";

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
  const binary = atob(clean);
  // A plain loop: Uint8Array.from with a mapping function took ~40× longer on 5 MiB (637 vs 17 ms in Node 22).
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
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
  // base64 of slices a multiple of 3 bytes long concatenates to the base64 of the whole; slices keep each argument
  // list and binary string small (74 ms for 5 MiB in Node 22, against 470 ms building one binary string).
  const parts: string[] = [];
  for (let at = 0; at < view.length; at += 0x6000) {
    // apply takes any array-like at runtime (a typed array, without copying it into an Array); TS wants number[].
    const slice = view.subarray(at, at + 0x6000) as unknown as number[];
    parts.push(btoa(String.fromCharCode.apply(null, slice)));
  }
  return `data:${mediaType};base64,${parts.join("")}`;
}
