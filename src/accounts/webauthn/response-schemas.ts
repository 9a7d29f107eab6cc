// The JSON a browser sends back (WebAuthn Level 3 `toJSON()`, as @simplewebauthn/browser produces it). Loose at
// the edge: browsers add fields (authenticatorAttachment, clientExtensionResults) we do not need.
import * as z from "zod";

// Bounded so a hostile body cannot make us decode megabytes; real values are far smaller.
const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url");

/** A registration response (`navigator.credentials.create()`). */
export const registrationResponseSchema = z.looseObject({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(16_384),
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
});

/** An authentication response (`navigator.credentials.get()`). */
export const authenticationResponseSchema = z.looseObject({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(4096),
    signature: b64url(1024),
    userHandle: b64url(128).nullish(),
  }),
});

export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;
export type AuthenticationResponse = z.infer<typeof authenticationResponseSchema>;
