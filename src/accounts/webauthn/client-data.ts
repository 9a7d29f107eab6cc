// clientDataJSON (WebAuthn §5.8.1): what the browser says about the ceremony. The browser writes `origin` itself,
// so checking it against the site's origin is what stops a look-alike site relaying a passkey prompt.
import * as z from "zod";
import { fromBase64Url } from "./bytes.ts";
import { passkeyRefused } from "./ceremony-error.ts";

const clientDataSchema = z.looseObject({
  type: z.string(),
  challenge: z.string(),
  origin: z.string(),
  crossOrigin: z.boolean().optional(),
});

/** The parts of clientDataJSON the checks use, and its bytes (hashed into what the authenticator signs). */
export type ClientData = { type: string; challenge: string; origin: string; crossOrigin: boolean; bytes: Uint8Array };

/** Decodes clientDataJSON (base64url of UTF-8 JSON); a 400 when it is not that. */
export function decodeClientData(encoded: string): ClientData {
  const bytes = fromBase64Url(encoded);
  if (!bytes) throw passkeyRefused("clientDataJSON is not base64url");
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw passkeyRefused("clientDataJSON is not JSON");
  }
  const parsed = clientDataSchema.safeParse(json);
  if (!parsed.success) throw passkeyRefused("clientDataJSON lacks type, challenge or origin");
  return { ...parsed.data, crossOrigin: parsed.data.crossOrigin === true, bytes };
}

/** The ceremony this client data must describe. */
export type Expected = { type: "webauthn.create" | "webauthn.get"; challenge: string; origin: string };

/** Checks type, challenge, origin and that the ceremony did not run in a cross-origin frame. */
export function checkClientData(clientData: ClientData, expected: Expected): void {
  if (clientData.type !== expected.type) throw passkeyRefused(`expected a ${expected.type} ceremony`);
  if (clientData.challenge !== expected.challenge) throw passkeyRefused("the challenge does not match");
  if (clientData.origin !== expected.origin) throw passkeyRefused(`it was made for ${clientData.origin}`);
  if (clientData.crossOrigin) throw passkeyRefused("it was made in a cross-origin frame");
}
