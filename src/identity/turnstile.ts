// Cloudflare Turnstile, checked server-side with the siteverify API
// (https://developers.cloudflare.com/turnstile/get-started/server-side-validation/): POST `secret`, `response`
// (the widget's token, at most 2048 characters, single use, valid 300 s) and `remoteip`; the JSON answer has
// `success` and `error-codes` (missing-/invalid-input-secret, missing-/invalid-input-response,
// invalid-widget-id, invalid-parsed-secret, bad-request, timeout-or-duplicate, internal-error).
import * as z from "zod";
import type { TurnstileConfig } from "../config/config.ts";
import { AppError } from "../http/app-error.ts";
import { log } from "../lib/log.ts";

/** Request header the page sends the Turnstile token in (only on a new visitor's first message). */
export const turnstileTokenHeader = "x-turnstile-token";

/** Content-Security-Policy source Turnstile's script and frame are served from. */
export const turnstileOrigin = "https://challenges.cloudflare.com";

const maxTokenLength = 2048;
const verifyTimeoutMs = 10_000;

const siteverifyAnswer = z.looseObject({
  success: z.boolean(),
  "error-codes": z.array(z.string()).default([]),
});

// Codes that mean our side is wrong (secret, request), not the visitor: they get a 503 and an error log.
const ourFault = new Set([
  "missing-input-secret",
  "invalid-input-secret",
  "invalid-parsed-secret",
  "bad-request",
  "internal-error",
]);

function unavailable(detail: Record<string, unknown>): AppError {
  log.error("turnstile_unavailable", detail);
  return new AppError(503, "The human check is unavailable right now. Please try again in a moment.", {
    code: "turnstile_unavailable",
    type: "server_error",
    headers: { "retry-after": "10" },
  });
}

/** Adds Turnstile's origin to a page policy's script-src and frame-src (only when Turnstile is on). */
export function allowTurnstile(csp: string): string {
  const directives = csp.split(";").map((part) => part.trim());
  const withSource = (name: string) => {
    const index = directives.findIndex((directive) => directive.startsWith(`${name} `));
    if (index < 0) directives.push(`${name} ${turnstileOrigin}`);
    else directives[index] = `${directives[index]} ${turnstileOrigin}`;
  };
  withSource("script-src");
  withSource("frame-src");
  return directives.join("; ");
}

/**
 * Throws unless `token` passes siteverify: 403 `turnstile_required` without one, 403 `turnstile_failed` for a
 * token Cloudflare refuses (forged, expired, already used), 503 `turnstile_unavailable` when siteverify cannot
 * answer or refuses our secret.
 */
export async function requireTurnstile(
  config: TurnstileConfig,
  token: string | null,
  remoteIp: string | null,
): Promise<void> {
  if (!token) {
    throw new AppError(403, "Please confirm you are human: complete the check, then send your message again.", {
      code: "turnstile_required",
    });
  }
  const failed = new AppError(403, "The human check did not pass or has expired. Complete it again, then resend.", {
    code: "turnstile_failed",
  });
  if (token.length > maxTokenLength) throw failed;
  let response: Response;
  try {
    response = await fetch(config.verifyUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secret: config.secretKey, response: token, ...(remoteIp ? { remoteip: remoteIp } : {}) }),
      signal: AbortSignal.timeout(verifyTimeoutMs),
    });
  } catch (error) {
    throw unavailable({ reason: "fetch_failed", error: String(error) });
  }
  const parsed = siteverifyAnswer.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw unavailable({ reason: "bad_answer", status: response.status });
  if (parsed.data.success) return;
  const codes = parsed.data["error-codes"];
  if (codes.some((code) => ourFault.has(code))) throw unavailable({ reason: "refused", codes });
  log.info("turnstile_failed", { codes });
  throw failed;
}
