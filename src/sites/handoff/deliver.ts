// One delivery attempt of a hand-off to its site's webhook, and when to try again. The courier object
// (durable/handoff-courier.ts) calls this from its alarm; everything it needs is in D1.
import { loadConfig } from "../../config/config.ts";
import { log } from "../../lib/log.ts";
import { outboundUrlProblem } from "../outbound-url.ts";
import { readHandoffTarget } from "../site-store.ts";
import { readPendingHandoff, recordAttempt } from "./handoff-store.ts";
import { openSecret } from "./secret-box.ts";
import { signatureHeader, signWebhook } from "./signature.ts";

/** Retry schedule: 30 s, 1, 2, 4 … minutes, at most an hour apart; 12 attempts (~6 hours), then `failed`. */
export const retrySchedule = { firstDelayMs: 30_000, maxDelayMs: 60 * 60_000, maxAttempts: 12, timeoutMs: 10_000 };

/** The header that names the hand-off, the same on every attempt: receivers drop a repeat they already took. */
const idempotencyHeader = "idempotency-key";

/** How long to wait after the `attempts`-th failed attempt. */
export function retryDelay(attempts: number): number {
  return Math.min(retrySchedule.maxDelayMs, retrySchedule.firstDelayMs * 2 ** Math.max(0, attempts - 1));
}

type Sent = { ok: true } | { ok: false; error: string; retry: boolean };

async function post(url: string, secret: string, id: string, body: string): Promise<Sent> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "edgechat-webhook/1",
        [idempotencyHeader]: id,
        [signatureHeader]: await signWebhook(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      // A webhook that redirects is misconfigured: a POST must not wander to another address.
      redirect: "manual",
      signal: AbortSignal.timeout(retrySchedule.timeoutMs),
    });
    await response.body?.cancel();
    if (response.ok) return { ok: true };
    return { ok: false, error: `HTTP ${response.status}`, retry: true };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return { ok: false, error: timedOut ? "no answer within 10 s" : `unreachable: ${String(error)}`, retry: true };
  }
}

async function attempt(env: Env, id: string, siteId: string, payload: string): Promise<Sent> {
  const config = loadConfig(env);
  if (config instanceof Error) return { ok: false, error: config.message, retry: true };
  const target = await readHandoffTarget(env.DB, siteId);
  if (!target?.url) return { ok: false, error: "the site has no hand-off webhook any more", retry: false };
  const problem = outboundUrlProblem(target.url, config.devRegionHeader);
  if (problem) return { ok: false, error: `webhook URL ${problem}`, retry: false };
  const secret = target.sealedSecret
    ? await openSecret([config.sessionSecret, config.sessionSecretPrevious], target.sealedSecret)
    : null;
  // Unreadable after a SESSION_SECRET change: retried, so rotating the webhook secret in time still delivers.
  if (!secret) return { ok: false, error: "the signing secret cannot be read (rotate it)", retry: true };
  return post(target.url, secret, id, payload);
}

/**
 * Makes one attempt to deliver the hand-off `id` and records it. Returns when to try again, or null when it is
 * done (delivered, given up, or no longer pending: delivered already, or erased with its conversation).
 */
export async function deliverHandoff(env: Env, id: string): Promise<number | null> {
  const handoff = await readPendingHandoff(env.DB, id);
  if (!handoff) return null;
  const sent = await attempt(env, id, handoff.siteId, handoff.payload);
  if (sent.ok) {
    await recordAttempt(env.DB, id, { delivered: true });
    return null;
  }
  const attempts = handoff.attempts + 1;
  const nextAttemptAt = sent.retry && attempts < retrySchedule.maxAttempts ? Date.now() + retryDelay(attempts) : null;
  log.warn("handoff_delivery_failed", { handoffId: id, attempts, error: sent.error, retrying: nextAttemptAt !== null });
  await recordAttempt(env.DB, id, { delivered: false, error: sent.error, nextAttemptAt });
  return nextAttemptAt;
}
