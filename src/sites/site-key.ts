import { randomId } from "../lib/crypto.ts";

const siteKeyPattern = /^ws_[A-Za-z0-9_-]{22,64}$/;

/** A new public site key: `ws_` + 192 random bits (base64url), unguessable so sites cannot be enumerated. */
export function generateSiteKey(): string {
  return `ws_${randomId(24)}`;
}

/** True for strings shaped like a site key (checked before any database lookup). */
export function isSiteKey(text: string): boolean {
  return siteKeyPattern.test(text);
}
