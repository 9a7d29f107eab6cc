import type { PromptSource } from "../conversations/context-window.ts";
import type { AttachmentUpload, Message } from "../conversations/types.ts";
import { attachmentsOfMessages, type StoredAttachment } from "./attachment-store.ts";
import { dataUrl } from "./image-bytes.ts";
import { uploadsBucket } from "./image-store.ts";

/** A fence longer than any backtick run in `text`, so a file holding Markdown fences cannot end it early. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return "`".repeat(Math.max(3, longest + 1));
}

/** A user message as the model reads it: what they typed, then each attached file, named and fenced. */
export function withFiles(content: string, files: Array<Pick<AttachmentUpload, "name" | "content">>): string {
  const parts = content === "" ? [] : [content];
  for (const file of files) {
    const fence = fenceFor(file.content);
    parts.push(`Attached file: ${file.name}\n${fence}\n${file.content}\n${fence}`);
  }
  return parts.join("\n\n");
}

/**
 * An image as the model gets it: inline from R2 when the model reads images, else (a later turn on a model without
 * vision, or the bucket gone) a line naming it, so the prompt still says something was attached.
 */
async function imageOf(bucket: R2Bucket | null, file: StoredAttachment): Promise<string | null> {
  const object = bucket && file.r2Key ? await bucket.get(file.r2Key) : null;
  return object ? dataUrl(file.mediaType, await object.arrayBuffer()) : null;
}

/**
 * The branch with each user message's attached files folded into its content, read from D1 only when the branch
 * has files (one query for all of them), so the prompt and its context-window budget include the files. Images are
 * read from R2 as `data:` URLs when `vision` (the turn's model reads images); otherwise they are named in the text.
 */
export async function expandAttachments(
  env: Env,
  conversationId: string,
  path: Message[],
  vision: boolean,
): Promise<PromptSource[]> {
  const ids = path.filter((message) => message.attachments?.length).map((message) => message.id);
  if (ids.length === 0) return path;
  const files = await attachmentsOfMessages(env.DB, conversationId, ids);
  const bucket = vision ? uploadsBucket(env) : null;
  return Promise.all(
    path.map(async (message) => {
      const own = files.filter((file) => file.messageId === message.id);
      if (own.length === 0) return message;
      const texts = own.filter((file) => !file.r2Key);
      const images: string[] = [];
      const unread: string[] = [];
      for (const file of own.filter((each) => each.r2Key)) {
        const url = await imageOf(bucket, file);
        if (url) images.push(url);
        else unread.push(`[Attached image: ${file.name} (not shown: this model does not read images)]`);
      }
      const content = [withFiles(message.content, texts), ...unread].filter((part) => part !== "").join("\n\n");
      return images.length > 0 ? { ...message, content, images } : { ...message, content };
    }),
  );
}
