import type { AttachmentUpload } from "../conversations/types.ts";
import { AppError, notFound } from "../http/app-error.ts";
import type { ModelInfo } from "../inference/types.ts";
import type { PreparedAttachment } from "./attachment-limits.ts";

/** The UPLOADS bucket, or null when the deployment binds none (then images are not offered). */
export function uploadsBucket(env: Env): R2Bucket | null {
  // Declared in wrangler.toml, but optional at runtime: a deployment may leave it out.
  return (env as Partial<Env>).UPLOADS ?? null;
}

/** Where an image lives in R2: under its conversation, so erasing a conversation is one prefix. */
export function imageKey(conversationId: string, attachmentId: string): string {
  return `conversations/${conversationId}/${attachmentId}`;
}

/**
 * Stores a send's images in R2 and returns the uploads the session object records (text files unchanged, images
 * by key without their bytes). 400 `param: attachments` before anything is written when the send carries images
 * but no bucket is bound or the model does not read images.
 */
export async function storeImages(
  env: Env,
  conversationId: string,
  model: ModelInfo | null,
  files: PreparedAttachment[],
): Promise<AttachmentUpload[]> {
  if (!files.some((file) => file.bytes)) return files;
  const bucket = uploadsBucket(env);
  if (!bucket) {
    throw new AppError(400, "Images cannot be attached here: this site has no storage for uploads.", {
      code: "invalid_request",
      param: "attachments",
    });
  }
  // An unknown or forbidden model is the session object's own 400; nothing is stored for it either.
  if (model && !model.capabilities.vision) {
    throw new AppError(400, `The model "${model.id}" cannot read images; choose a model with vision.`, {
      code: "invalid_request",
      param: "attachments",
    });
  }
  if (!model) return files.map(({ bytes: _bytes, ...file }) => file);
  return Promise.all(
    files.map(async ({ bytes, ...file }) => {
      if (!bytes) return file;
      const r2Key = imageKey(conversationId, file.id);
      await bucket.put(r2Key, bytes, { httpMetadata: { contentType: file.mediaType } });
      return { ...file, r2Key };
    }),
  );
}

/** Deletes images stored for a send that was then refused (best effort: they are unreachable either way). */
export async function forgetImages(env: Env, files: AttachmentUpload[]): Promise<void> {
  const keys = files.flatMap((file) => (file.r2Key ? [file.r2Key] : []));
  const bucket = uploadsBucket(env);
  if (bucket && keys.length > 0) await bucket.delete(keys);
}

/** Deletes every image of a conversation (R2 lists at most 1,000 keys a page). */
export async function deleteConversationImages(env: Env, conversationId: string): Promise<void> {
  const bucket = uploadsBucket(env);
  if (!bucket) return;
  const prefix = `conversations/${conversationId}/`;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    if (page.objects.length > 0) await bucket.delete(page.objects.map((object) => object.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/**
 * An attached image as its owner's browser reads it: the R2 object streamed with its stored type, private to the
 * browser's cache, and inert if opened directly (no sniffing, a sandboxing CSP). 404 when the object is gone.
 */
export async function imageResponse(env: Env, key: string): Promise<Response> {
  const object = await uploadsBucket(env)?.get(key);
  if (!object) throw notFound("attachment");
  return new Response(object.body, {
    headers: {
      "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "content-length": String(object.size),
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}
