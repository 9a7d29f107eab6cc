// Registration (WebAuthn §7.1) on WebCrypto. The attestation statement is not checked: we ask for attestation
// "none" and trust no authenticator vendor, so any statement counts as none (the spec lets a Relying Party whose
// policy accepts unattested credentials register them, §7.1 step 24). What is checked: the ceremony type, our
// challenge, our origin, our RP ID hash, user presence and verification, and that the key is one we can verify.
import { base64Url } from "../../lib/crypto.ts";
import { parseAuthenticatorData } from "./authenticator-data.ts";
import { fromBase64Url, sameBytes, sha256 } from "./bytes.ts";
import { CborError, decodeCbor } from "./cbor.ts";
import { passkeyRefused } from "./ceremony-error.ts";
import { checkClientData, decodeClientData } from "./client-data.ts";
import { importCoseKey } from "./cose-key.ts";
import type { RegistrationResponse } from "./response-schemas.ts";

/** Where the ceremony must have happened. */
export type RelyingParty = { id: string; origin: string };

/** A verified new credential, ready to store. */
export type NewCredential = {
  id: string;
  /** The COSE_Key, base64url. */
  publicKey: string;
  algorithm: number;
  signCount: number;
  backedUp: boolean;
  transports: string[];
};

/** Verifies a registration response against the challenge we issued; a 400 `passkey_invalid` when it fails. */
export async function verifyRegistration(
  response: RegistrationResponse,
  challenge: string,
  rp: RelyingParty,
): Promise<NewCredential> {
  checkClientData(decodeClientData(response.response.clientDataJSON), {
    type: "webauthn.create",
    challenge,
    origin: rp.origin,
  });
  try {
    const objectBytes = fromBase64Url(response.response.attestationObject);
    if (!objectBytes) throw passkeyRefused("attestationObject is not base64url");
    const attestation = decodeCbor(objectBytes);
    const authDataBytes = attestation instanceof Map ? attestation.get("authData") : null;
    if (!(authDataBytes instanceof Uint8Array)) throw passkeyRefused("the attestation object has no authData");
    const authData = parseAuthenticatorData(authDataBytes);
    if (!sameBytes(authData.rpIdHash, await sha256(new TextEncoder().encode(rp.id)))) {
      throw passkeyRefused(`it is not for ${rp.id}`);
    }
    if (!authData.userPresent) throw passkeyRefused("the user was not present");
    if (!authData.userVerified) throw passkeyRefused("the user was not verified (no PIN or biometric)");
    if (!authData.attested) throw passkeyRefused("it carries no credential");
    const id = base64Url(authData.attested.credentialId);
    if (id !== response.id.replace(/=+$/, "")) throw passkeyRefused("the credential id does not match");
    const verifying = await importCoseKey(authData.attested.publicKey);
    return {
      id,
      publicKey: base64Url(authData.attested.publicKeyBytes),
      algorithm: verifying.algorithm,
      signCount: authData.signCount,
      backedUp: authData.backedUp,
      transports: response.response.transports ?? [],
    };
  } catch (error) {
    if (error instanceof CborError) throw passkeyRefused(error.message);
    // WebCrypto refusing a key that parsed (e.g. a point not on the curve).
    if (error instanceof Error && error.name === "DataError") throw passkeyRefused("the public key is invalid");
    throw error;
  }
}
