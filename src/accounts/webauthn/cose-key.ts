// Credential public keys arrive as COSE_Key maps (RFC 9052 §7, RFC 9053): turned into WebCrypto keys here, and
// assertion signatures checked with them. Three algorithms cover every passkey provider in use: ES256 (-7, most
// authenticators), EdDSA (-8, some security keys) and RS256 (-257, Windows Hello).
import { base64Url } from "../../lib/crypto.ts";
import { CborError, type CborValue } from "./cbor.ts";

/** COSE algorithm ids we accept, in the order offered to authenticators. */
export const supportedAlgorithms = [-8, -7, -257] as const;

/** A credential key WebCrypto can verify with. */
export type VerifyingKey = { key: CryptoKey; algorithm: (typeof supportedAlgorithms)[number] };

function bytesAt(map: Map<number | string, CborValue>, label: number, length?: number): Uint8Array {
  const value = map.get(label);
  if (!(value instanceof Uint8Array) || (length !== undefined && value.length !== length)) {
    throw new CborError(`COSE key parameter ${label} is missing or malformed`);
  }
  return value;
}

/**
 * Imports a COSE_Key for verifying: EC2 on P-256 with ES256, OKP Ed25519 with EdDSA, RSA with RS256. Throws
 * `CborError` for anything else (another curve, another algorithm, missing coordinates).
 */
export async function importCoseKey(value: CborValue): Promise<VerifyingKey> {
  if (!(value instanceof Map)) throw new CborError("the credential public key is not a COSE map");
  const kty = value.get(1);
  const alg = value.get(3);
  if (kty === 2 && alg === -7) {
    if (value.get(-1) !== 1) throw new CborError("only the P-256 curve is supported for ES256");
    const jwk = { kty: "EC", crv: "P-256", x: base64Url(bytesAt(value, -2, 32)), y: base64Url(bytesAt(value, -3, 32)) };
    const key = await crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    return { key, algorithm: -7 };
  }
  if (kty === 1 && alg === -8) {
    if (value.get(-1) !== 6) throw new CborError("only the Ed25519 curve is supported for EdDSA");
    const jwk = { kty: "OKP", crv: "Ed25519", x: base64Url(bytesAt(value, -2, 32)) };
    const key = await crypto.subtle.importKey("jwk", jwk, { name: "Ed25519" }, false, ["verify"]);
    return { key, algorithm: -8 };
  }
  if (kty === 3 && alg === -257) {
    const modulus = bytesAt(value, -1);
    if (modulus.length < 256) throw new CborError("RSA keys shorter than 2048 bits are refused");
    const jwk = { kty: "RSA", n: base64Url(modulus), e: base64Url(bytesAt(value, -2)), alg: "RS256" };
    const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    const key = await crypto.subtle.importKey("jwk", jwk, algorithm, false, ["verify"]);
    return { key, algorithm: -257 };
  }
  throw new CborError(`unsupported credential key (kty ${String(kty)}, alg ${String(alg)})`);
}

/**
 * Checks a WebAuthn assertion signature over `data`. ES256 signatures come DER-encoded (WebAuthn §6.5.5) while
 * WebCrypto wants the raw r‖s form, so they are converted first; a malformed one is simply invalid.
 */
export async function verifySignature(verifying: VerifyingKey, signature: Uint8Array, data: Uint8Array) {
  if (verifying.algorithm === -7) {
    const raw = derToRawEcdsa(signature);
    if (!raw) return false;
    return crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, verifying.key, raw, data);
  }
  const name = verifying.algorithm === -8 ? "Ed25519" : "RSASSA-PKCS1-v1_5";
  return crypto.subtle.verify({ name }, verifying.key, signature, data);
}

/** An ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }` as 64 bytes r‖s (P-256), or null when it is not one. */
function derToRawEcdsa(der: Uint8Array): Uint8Array | null {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const out = new Uint8Array(64);
  let at = 2;
  for (const slot of [0, 32]) {
    if (der[at] !== 0x02) return null;
    const length = der[at + 1] ?? 0;
    let integer = der.subarray(at + 2, at + 2 + length);
    if (length === 0 || integer.length !== length) return null;
    // DER adds a 0x00 before a high first byte to keep the integer positive.
    while (integer.length > 1 && integer[0] === 0) integer = integer.subarray(1);
    if (integer.length > 32) return null;
    out.set(integer, slot + 32 - integer.length);
    at += 2 + length;
  }
  return at === der.length ? out : null;
}
