import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { inject } from "vitest";
import { app } from "../../../src/app.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** test/kit/stand-ins/jwks.ts, started by test/global-setup.ts. */
    jwksStandInUrl: string;
  }
}

/** The Access team and application the tests configure. */
export const team = { issuer: "https://edgechat-test.cloudflareaccess.com", audience: "aud-tag-0123456789abcdef" };

/** An Access signing key: its private half signs assertions, its public half is served by the JWKS stand-in. */
export type AccessSigner = { sign(claims?: JWTPayload, expiresIn?: string | number): Promise<string> };

/**
 * Generates a key pair, publishes its public key under a fresh name on the stand-in, and returns the signer
 * plus the ACCESS_* bindings that point the Worker at that key set.
 */
export async function accessTeam(): Promise<{ signer: AccessSigner; bindings: Record<string, string> }> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = crypto.randomUUID();
  const certsUrl = `${inject("jwksStandInUrl")}/${kid}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const stored = await fetch(certsUrl, { method: "PUT", body: JSON.stringify({ keys: [jwk] }) });
  if (stored.status !== 204) throw new Error(`JWKS stand-in answered ${stored.status}`);
  return {
    signer: {
      sign: (claims = {}, expiresIn = "10m") =>
        new SignJWT({ email: "ops@example.com", type: "app", iss: team.issuer, aud: [team.audience], ...claims })
          .setProtectedHeader({ alg: "RS256", kid })
          .setIssuedAt()
          .setExpirationTime(expiresIn)
          .sign(privateKey),
    },
    bindings: { ACCESS_TEAM_DOMAIN: "edgechat-test", ACCESS_AUD: team.audience, ACCESS_CERTS_URL: certsUrl },
  };
}

/** Calls the Worker with extra bindings (e.g. the Access configuration). */
export function call(url: string, init: RequestInit = {}, bindings: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(app.request(url, init, { ...env, ...bindings }, createExecutionContext()));
}

/** The `name=value` part of a Set-Cookie header. */
export function cookiePair(setCookie: string | null): string {
  return (setCookie ?? "").split(";")[0] ?? "";
}
