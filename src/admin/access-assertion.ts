// Cloudflare Access puts a signed JWT in `Cf-Access-Jwt-Assertion` on every request it lets through; checking it
// here means a request that reaches the Worker some other way (workers.dev, a route Access does not cover) gets
// nothing. Contract (https://developers.cloudflare.com/cloudflare-one/access-controls/applications/http-apps/authorization-cookie/validating-json/):
// RS256, keys at `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs` (rotated every 6 weeks, so fetched,
// never pinned), `iss` = the team domain, `aud` contains the application's AUD tag, `email` for people and
// `common_name` for service tokens.
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { AccessConfig } from "../config/config.ts";

/** Who an Access assertion says is calling. */
export type AccessIdentity = { subject: string; expiresAt: number };

/** Why an assertion was refused: `expired` (sign in again), `invalid`, or our failure to fetch the keys. */
export type AccessRejection = "expired" | "invalid" | "keys_unreachable";

/** The result of checking one assertion. */
export type AccessCheck = { ok: true; identity: AccessIdentity } | { ok: false; reason: AccessRejection };

// One key set per URL per isolate: jose caches the fetched keys (10 min) and refetches on an unknown `kid`,
// with a 30 s cooldown so made-up key ids cannot turn into a flood of requests to Cloudflare.
const keySets = new Map<string, JWTVerifyGetKey>();

function keySet(certsUrl: string): JWTVerifyGetKey {
  let keys = keySets.get(certsUrl);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(certsUrl), { timeoutDuration: 5_000 });
    if (keySets.size > 8) keySets.clear();
    keySets.set(certsUrl, keys);
  }
  return keys;
}

/** Verifies an Access assertion's signature, issuer, audience and lifetime (60 s of clock skew allowed). */
export async function checkAccessAssertion(token: string, access: AccessConfig): Promise<AccessCheck> {
  try {
    const { payload } = await jwtVerify(token, keySet(access.certsUrl), {
      issuer: access.issuer,
      audience: access.audience,
      algorithms: ["RS256"],
      requiredClaims: ["exp"],
      clockTolerance: 60,
    });
    const subject =
      typeof payload.email === "string"
        ? payload.email
        : typeof payload.common_name === "string"
          ? payload.common_name
          : (payload.sub ?? "access");
    return { ok: true, identity: { subject, expiresAt: (payload.exp ?? 0) * 1000 } };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    // Fetching the keys failed (network, timeout, non-200, not a key set): ours to report, not the caller's fault.
    const fetchFailed =
      !(error instanceof errors.JOSEError) ||
      error instanceof errors.JWKSTimeout ||
      error instanceof errors.JWKSInvalid ||
      error.code === "ERR_JOSE_GENERIC";
    if (fetchFailed) return { ok: false, reason: "keys_unreachable" };
    return { ok: false, reason: "invalid" };
  }
}
