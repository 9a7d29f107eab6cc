// Authenticator data (WebAuthn §6.1): rpIdHash (32) ‖ flags (1) ‖ signCount (4, big-endian)
// [‖ attested credential data: aaguid (16) ‖ credentialIdLength (2) ‖ credentialId ‖ COSE key] [‖ extensions].
import { CborError, type CborValue, decodeCborItem } from "./cbor.ts";

/** Parsed authenticator data. */
export type AuthenticatorData = {
  rpIdHash: Uint8Array;
  userPresent: boolean;
  userVerified: boolean;
  /** Backup state (BS): the passkey is synced (e.g. iCloud Keychain, Google Password Manager). */
  backedUp: boolean;
  signCount: number;
  /** Present in a registration (AT flag). */
  attested: { credentialId: Uint8Array; publicKey: CborValue; publicKeyBytes: Uint8Array } | null;
};

const flagUp = 0x01;
const flagUv = 0x04;
const flagBs = 0x10;
const flagAt = 0x40;
const flagEd = 0x80;
/** WebAuthn §5.8.3: credential ids are at most 1023 bytes. */
const maxCredentialIdLength = 1023;

/** Parses authenticator data; throws `CborError` when it is malformed. */
export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData {
  if (bytes.length < 37) throw new CborError("authenticator data is too short");
  const flags = bytes[32] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 37;
  let attested: AuthenticatorData["attested"] = null;
  if (flags & flagAt) {
    if (bytes.length < at + 18) throw new CborError("attested credential data is truncated");
    const idLength = view.getUint16(at + 16);
    at += 18;
    if (idLength > maxCredentialIdLength || bytes.length < at + idLength) {
      throw new CborError("credential id is too long or truncated");
    }
    const credentialId = bytes.slice(at, at + idLength);
    at += idLength;
    const { value, end } = decodeCborItem(bytes, at);
    attested = { credentialId, publicKey: value, publicKeyBytes: bytes.slice(at, end) };
    at = end;
  }
  if (flags & flagEd) at = decodeCborItem(bytes, at).end;
  if (at !== bytes.length) throw new CborError("trailing bytes after authenticator data");
  return {
    rpIdHash: bytes.slice(0, 32),
    userPresent: (flags & flagUp) !== 0,
    userVerified: (flags & flagUv) !== 0,
    backedUp: (flags & flagBs) !== 0,
    signCount: view.getUint32(33),
    attested,
  };
}
