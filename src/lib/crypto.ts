const encoder = new TextEncoder();

/** Hex SHA-256 of a string. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return toHex(new Uint8Array(digest));
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits (the runtime's own random UUID supplies
 * them). Ids made later sort later, so rows keyed by them are appended at the end of their SQLite indexes
 * instead of landing on a random page each: with random UUIDs as request ids and usage ids, every usage row
 * dirtied two more index pages of D1's write-ahead log (measured locally: ~4 KB more written per request).
 */
export function uuidV7(now = Date.now()): string {
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, "0");
  // randomUUID is xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx: keep everything after its version digit.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${crypto.randomUUID().slice(15)}`;
}

/** URL-safe random id with `bytes` bytes of entropy (base64url, no padding). */
export function randomId(bytes = 16): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  return base64Url(buffer);
}

/** base64url without padding. */
export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Constant-time comparison of two strings (compares their SHA-256 digests). */
export async function timingSafeEqualText(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}

/** HMAC-SHA256 of `message` under `secret`, base64url. */
export async function hmacSign(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const signature = await crypto.subtle.sign("HMAC", key, encoder.encode(message));
  return base64Url(new Uint8Array(signature));
}
