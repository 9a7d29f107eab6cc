import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { hostOrigin } from "../sites/request-origin.ts";
import type { RelyingParty } from "./webauthn/verify-registration.ts";

/**
 * The WebAuthn relying party: SITE_ORIGIN when set (passkeys then work on that host name only, whatever other
 * host the Worker also answers on), else the origin this request was addressed to. The RP ID is its host name.
 */
export function relyingPartyOf(c: Context<AppEnv>): RelyingParty {
  const origin = c.get("config").siteOrigin ?? hostOrigin(c.req.raw);
  return { id: new URL(origin).hostname, origin };
}
