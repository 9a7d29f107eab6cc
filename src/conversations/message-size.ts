import { requestTooLarge } from "../http/body-limit.ts";

/** Largest single message a visitor may send (UTF-8 bytes); the composer checks the same before sending. */
export const maxMessageBytes = 32 * 1024;

const encoder = new TextEncoder();

/** UTF-8 size of a string. */
export function byteLength(text: string): number {
  return encoder.encode(text).byteLength;
}

/** 413 `request_too_large` naming `content` for a message over 32 KiB. */
export function assertMessageSize(content: string): void {
  if (byteLength(content) > maxMessageBytes) {
    throw requestTooLarge(maxMessageBytes, "Message", "content");
  }
}
