import * as z from "zod";
import { imageMediaType, inputLimits, textMediaType } from "../conversations/input-limits.ts";
import { byteLength } from "../conversations/message-size.ts";
import type { AttachmentUpload } from "../conversations/types.ts";
import { requestTooLarge } from "../http/body-limit.ts";
import { randomId } from "../lib/crypto.ts";
import { decodeImage, isImageType } from "./image-bytes.ts";

const { attachmentBytes, imageBytes, attachments: maxAttachments } = inputLimits;

const attachmentInput = z
  .object({
    name: z.string().trim().min(1, "a file needs a name").max(255),
    mediaType: z
      .string()
      .max(100)
      .refine(
        (type) => textMediaType.test(type) || imageMediaType.test(type),
        "only text and code files (text/*, JSON, XML, scripts) or PNG, JPEG, WebP and GIF images can be attached",
      ),
    // An image's content is its bytes in base64 (no `data:` prefix).
    content: z.string(),
  })
  .superRefine((input, context) => {
    // NUL never occurs in text: a file with one is binary, whatever its name says.
    if (!isImageType(input.mediaType) && input.content.includes("\u0000")) {
      context.addIssue({ code: "custom", path: ["content"], message: "the file is not text (it contains NUL bytes)" });
    }
  });

/** The `attachments` field of a send: at most 5 files, text or images. */
export const attachmentsField = z
  .array(attachmentInput)
  .max(maxAttachments, `at most ${maxAttachments} files can be attached to one message`)
  .optional();

/** A checked attachment: a text file ready to store, or an image with its decoded bytes (stored in R2 next). */
export type PreparedAttachment = AttachmentUpload & { bytes?: Uint8Array };

/**
 * The files of a send, checked (413 `request_too_large` naming `attachments[i].content` for a text file over
 * 512 KiB or an image over 5 MiB; 400 for an image whose bytes are not what its type says) and prepared for
 * storage: each gets an id and its measured size.
 */
export function prepareAttachments(inputs: z.infer<typeof attachmentsField>): PreparedAttachment[] {
  return (inputs ?? []).map((input, index) => {
    const id = randomId();
    if (isImageType(input.mediaType)) {
      // base64 is 4/3 of the bytes: refused before decoding anything larger than the limit.
      if (input.content.length > Math.ceil(imageBytes / 3) * 4) {
        throw requestTooLarge(imageBytes, `Image "${input.name}"`, `attachments[${index}].content`);
      }
      const bytes = decodeImage(input.mediaType, input.content, `attachments[${index}].content`);
      if (bytes.byteLength > imageBytes) {
        throw requestTooLarge(imageBytes, `Image "${input.name}"`, `attachments[${index}].content`);
      }
      return { id, name: input.name, mediaType: input.mediaType, size: bytes.byteLength, content: "", bytes };
    }
    const size = byteLength(input.content);
    if (size > attachmentBytes) {
      throw requestTooLarge(attachmentBytes, `File "${input.name}"`, `attachments[${index}].content`);
    }
    return { id, name: input.name, mediaType: input.mediaType, size, content: input.content };
  });
}
