import * as z from "zod";
import { byteLength } from "../chat/message-size.ts";
import type { AttachmentUpload } from "../chat/types.ts";
import { requestTooLarge } from "../http/body-limit.ts";
import { randomId } from "../lib/crypto.ts";

/** Largest file a message may carry (UTF-8 bytes of its text); the composer checks the same before sending. */
export const maxAttachmentBytes = 512 * 1024;

/** Most files one message may carry. */
export const maxAttachments = 5;

// Text and code only (images need a vision model and an upload bucket, which this path does not take). Browsers
// give many code files no type or an odd one (`.ts` is `video/mp2t`): the composer sends those as text/plain.
const textMediaType = /^(text\/[\w.+-]+|application\/([\w.+-]+\+)?(json|xml|javascript|x-[\w.+-]+|yaml|toml|sql))$/;

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
    if (size > maxAttachmentBytes) {
      throw requestTooLarge(maxAttachmentBytes, `File "${input.name}"`, `attachments[${index}].content`);
    }
    return { id: randomId(), name: input.name, mediaType: input.mediaType, size, content: input.content };
  });
}
