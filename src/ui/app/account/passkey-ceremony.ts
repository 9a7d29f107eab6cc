// The browser half of the passkey ceremonies: options from the server, the authenticator prompt through
// @simplewebauthn/browser (which turns WebAuthn's JSON options into the binary the browser API wants and back),
// then verify on the server, which sets the session cookie.
import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from "@simplewebauthn/browser";
import * as z from "zod/mini";
import { apiRequest } from "../../shared/api.ts";

const signedInSchema = z.looseObject({ id: z.string(), name: z.string(), adopted: z.number() });
// The options are passed through to the browser untouched; their shape is WebAuthn's, checked by the browser.
const optionsSchema = z.looseObject({ challenge: z.string() });

/** Creates an account (anonymous) or adds a passkey (signed in) with a new passkey on this device. */
export async function registerPasskey(name?: string) {
  const options = await apiRequest("/api/account/registration/options", optionsSchema, {
    method: "POST",
    body: name ? { name } : {},
  });
  const response = await startRegistration({
    optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
  });
  return apiRequest("/api/account/registration/verify", signedInSchema, { method: "POST", body: { response } });
}

/** Signs in with any passkey this site knows (the browser offers the person's accounts). */
export async function signInWithPasskey() {
  const options = await apiRequest("/api/account/authentication/options", optionsSchema, { method: "POST", body: {} });
  const response = await startAuthentication({
    optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
  });
  return apiRequest("/api/account/authentication/verify", signedInSchema, { method: "POST", body: { response } });
}

/** True when the error is the person closing the passkey prompt (or the prompt timing out). */
export function wasCancelled(error: unknown): boolean {
  return error instanceof Error && (error.name === "NotAllowedError" || error.name === "AbortError");
}
