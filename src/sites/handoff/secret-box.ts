// The webhook signing secret must be readable by the Worker (it signs every delivery) yet useless if the D1 database
// leaks: it is stored sealed with AES-GCM under a key derived (HKDF) from SESSION_SECRET, which lives only in the
// Worker's secrets. Rotating SESSION_SECRET keeps old secrets readable while SESSION_SECRET_PREVIOUS is set.
import { base64Url, randomId } from "../../lib/crypto.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const version = "v1";

async function keyFrom(sessionSecret: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", encoder.encode(sessionSecret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("edgechat handoff webhook secret") },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** A new webhook signing secret (`whsec_` + 32 random bytes, base64url): the HMAC key is this whole string. */
export function newWebhookSecret(): string {
  return `whsec_${randomId(32)}`;
}

/** Seals a secret for storage: `v1.<iv>.<ciphertext>` (base64url). */
export async function sealSecret(sessionSecret: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await keyFrom(sessionSecret),
    encoder.encode(plaintext),
  );
  return `${version}.${base64Url(iv)}.${base64Url(new Uint8Array(sealed))}`;
}

/** Opens a sealed secret with the current session secret, else the previous one; null when neither opens it. */
export async function openSecret(sessionSecrets: Array<string | null>, sealed: string): Promise<string | null> {
  const [tag, iv, body] = sealed.split(".");
  if (tag !== version || !iv || !body) return null;
  for (const secret of sessionSecrets) {
    if (!secret) continue;
    try {
      const key = await keyFrom(secret);
      const opened = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64Url(iv) }, key, fromBase64Url(body));
      return decoder.decode(opened);
    } catch {
      // Sealed under the other secret (or tampered with): try the next one.
    }
  }
  return null;
}
