// Authentication (WebAuthn §7.2) on WebCrypto: the credential's stored key must have signed
// authenticatorData ‖ SHA-256(clientDataJSON), for our challenge, origin and RP ID, with the user verified.

import { parseAuthenticatorData } from "./authenticator-data.ts";
import { concatBytes, fromBase64Url, sameBytes, sha256 } from "./bytes.ts";
import { CborError, decodeCbor } from "./cbor.ts";
import { passkeyRefused } from "./ceremony-error.ts";
import { checkClientData, decodeClientData } from "./client-data.ts";
import { importCoseKey, verifySignature } from "./cose-key.ts";
import type { AuthenticationResponse } from "./response-schemas.ts";
import type { RelyingParty } from "./verify-registration.ts";

/** A stored credential, as verification needs it. */
export type StoredCredential = { publicKey: string; signCount: number };

/** What a successful assertion changes about the credential. */
export type VerifiedAssertion = { signCount: number; backedUp: boolean };

function bytesOf(encoded: string, field: string): Uint8Array {
  const bytes = fromBase64Url(encoded);
  if (!bytes) throw passkeyRefused(`${field} is not base64url`);
  return bytes;
}

/** Verifies an authentication response with the credential's stored key; a 400 `passkey_invalid` when it fails. */
export async function verifyAuthentication(
  response: AuthenticationResponse,
  challenge: string,
  rp: RelyingParty,
  credential: StoredCredential,
): Promise<VerifiedAssertion> {
  const clientData = decodeClientData(response.response.clientDataJSON);
  checkClientData(clientData, { type: "webauthn.get", challenge, origin: rp.origin });
  try {
    const authDataBytes = bytesOf(response.response.authenticatorData, "authenticatorData");
    const authData = parseAuthenticatorData(authDataBytes);
    if (!sameBytes(authData.rpIdHash, await sha256(new TextEncoder().encode(rp.id)))) {
      throw passkeyRefused(`it is not for ${rp.id}`);
    }
    if (!authData.userPresent) throw passkeyRefused("the user was not present");
    if (!authData.userVerified) throw passkeyRefused("the user was not verified (no PIN or biometric)");
    const verifying = await importCoseKey(decodeCbor(bytesOf(credential.publicKey, "the stored key")));
    const signed = concatBytes(authDataBytes, await sha256(clientData.bytes));
    const signature = bytesOf(response.response.signature, "signature");
    if (!(await verifySignature(verifying, signature, signed))) throw passkeyRefused("the signature is wrong");
    // §7.2 step 22: a counter that does not move forward means a cloned authenticator (0 = no counter at all).
    if ((authData.signCount > 0 || credential.signCount > 0) && authData.signCount <= credential.signCount) {
      throw passkeyRefused("its signature counter went backwards (a cloned authenticator?)");
    }
    return { signCount: authData.signCount, backedUp: authData.backedUp };
  } catch (error) {
    if (error instanceof CborError) throw passkeyRefused(error.message);
    throw error;
  }
}
