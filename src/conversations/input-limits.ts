/**
 * What a chat-site visitor may send, declared once: the Worker enforces these limits, the UI imports the same
 * numbers to say so before sending. No imports, so the browser bundle takes nothing else with it.
 */
export const inputLimits = {
  /** Bytes of UTF-8 text in one attached file. */
  attachmentBytes: 512 * 1024,
  /**
   * Bytes of one attached image. 5 MiB: what the browser base64-encodes into the send body (the send limit,
   * http/body-limit.ts, fits two at full size or five smaller ones).
   */
  imageBytes: 5 * 1024 * 1024,
  /** Files attached to one message. */
  attachments: 5,
  /** Bytes of UTF-8 in the custom instructions. */
  instructionsBytes: 2048,
} as const;

/**
 * Media types an attached file may have: text and code (images need a vision model and an upload bucket, which
 * this path does not take). Browsers give many code files no type or an odd one (`.ts` is `video/mp2t`): the UI
 * sends a file that reads as text under one of these as text/plain.
 */
export const textMediaType =
  /^(text\/[\w.+-]+|application\/([\w.+-]+\+)?(json|xml|javascript|x-[\w.+-]+|yaml|toml|sql))$/;

/** Media types an attached image may have (vision models only, stored in R2): PNG, JPEG, WebP, GIF. */
export const imageMediaType = /^image\/(png|jpeg|webp|gif)$/;
