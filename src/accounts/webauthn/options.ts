// The options a browser hands to navigator.credentials.create() / get(), in WebAuthn Level 3's JSON form (what
// @simplewebauthn/browser's startRegistration / startAuthentication take as `optionsJSON`).
import type {
  AuthenticatorTransport,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { supportedAlgorithms } from "./cose-key.ts";
import type { RelyingParty } from "./verify-registration.ts";

/** How long a challenge can be answered; also the browser's prompt timeout. */
export const challengeLifetimeMs = 5 * 60_000;

/** Name shown by passkey managers next to the account name. */
const rpName = "edgechat";

/**
 * Options for a new discoverable passkey (so signing in needs no user name), user verification required (the
 * passkey is the only factor), no attestation, and the account's existing passkeys excluded (no duplicate on
 * the same authenticator).
 */
export function creationOptions(
  rp: RelyingParty,
  user: { handle: string; name: string },
  challenge: string,
  exclude: Array<{ id: string; transports: string[] }>,
): PublicKeyCredentialCreationOptionsJSON {
  return {
    rp: { name: rpName, id: rp.id },
    user: { id: user.handle, name: user.name, displayName: user.name },
    challenge,
    pubKeyCredParams: supportedAlgorithms.map((alg) => ({ type: "public-key" as const, alg })),
    timeout: challengeLifetimeMs,
    attestation: "none",
    excludeCredentials: exclude.map((credential) => ({
      type: "public-key" as const,
      id: credential.id,
      transports: credential.transports as AuthenticatorTransport[],
    })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
    extensions: { credProps: true },
  };
}

/** Options for signing in with any passkey of this site (discoverable: the authenticator offers the accounts). */
export function requestOptions(rp: RelyingParty, challenge: string): PublicKeyCredentialRequestOptionsJSON {
  return { challenge, rpId: rp.id, timeout: challengeLifetimeMs, allowCredentials: [], userVerification: "required" };
}
