import { randomId, sha256Hex } from "../lib/crypto.ts";

/** Every partner key starts with this, so leaked keys are recognisable by secret scanners. */
export const keyMarker = "ec_";

/** How many leading characters of a key are kept in clear, to tell keys apart in lists. */
export const prefixLength = 10;

/** A fresh key: `ec_` + base64url of 24 random bytes (192 bits). Shown to the operator once, never stored. */
export function generateKey(): string {
  return `${keyMarker}${randomId(24)}`;
}

/** The only form a key is stored in: lower-case hex SHA-256. */
export function hashKey(key: string): Promise<string> {
  return sha256Hex(key);
}

/** The clear part of a key shown in lists (`ec_AbCdEfG`). */
export function keyPrefix(key: string): string {
  return key.slice(0, prefixLength);
}

/** True for strings shaped like one of our keys; anything else is refused without a lookup. */
export function looksLikeKey(candidate: string): boolean {
  return candidate.startsWith(keyMarker) && candidate.length >= 30 && candidate.length <= 100;
}
