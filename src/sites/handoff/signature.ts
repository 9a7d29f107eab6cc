// Hand-off webhooks are signed like Stripe's (https://docs.stripe.com/webhooks#verify-manually): the header
// `x-edgechat-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The timestamp inside the
// signed text lets a receiver refuse replays older than a few minutes; each retry is signed afresh.
import { toHex } from "../../lib/crypto.ts";

const encoder = new TextEncoder();

/** The header that carries the signature. */
export const signatureHeader = "x-edgechat-signature";

/** Hex HMAC-SHA256 of `message` under `secret` (the whole `whsec_…` string is the key). */
export async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message))));
}

/** The signature header's value for `body` sent at `unixSeconds`. */
export async function signWebhook(secret: string, body: string, unixSeconds: number): Promise<string> {
  return `t=${unixSeconds},v1=${await hmacHex(secret, `${unixSeconds}.${body}`)}`;
}
