import * as z from "zod";
import { inputLimits, textMediaType } from "../chat/input-limits.ts";
import { byteLength } from "../chat/message-size.ts";
import type { AttachmentUpload } from "../chat/types.ts";
import { requestTooLarge } from "../http/body-limit.ts";
import { randomId } from "../lib/crypto.ts";

const { attachmentBytes, attachments: maxAttachments } = inputLimits;

const attachmentInput = z.object({
  name: z.string().trim().min(1, "a file needs a name").max(255),
  mediaType: z
    .string()
    .max(100)
    .regex(textMediaType, "only text and code files can be attached (text/*, JSON, XML, scripts)"),
  // NUL never occurs in text: a file with one is binary, whatever its name says.
  content: z.string().refine((text) => !text.includes("\u0000"), "the file is not text (it contains NUL bytes)"),
});

/** The `attachments` field of a send: at most 5 text files. */
export const attachmentsField = z
  .array(attachmentInput)
  .max(maxAttachments, `at most ${maxAttachments} files can be attached to one message`)
  .optional();

/**
 * The files of a send, checked (413 `request_too_large` naming `attachments[i].content` for a file over 512 KiB)
 * and prepared for storage: each gets an id and its measured size.
 */
export function prepareAttachments(inputs: z.infer<typeof attachmentsField>): AttachmentUpload[] {
  return (inputs ?? []).map((input, index) => {
    const size = byteLength(input.content);
    if (size > attachmentBytes) {
      throw requestTooLarge(attachmentBytes, `File "${input.name}"`, `attachments[${index}].content`);
    }
    return { id: randomId(), name: input.name, mediaType: input.mediaType, size, content: input.content };
  });
}
