import type { LimitRule } from "../durable/limiter/limit-types.ts";
import { limiterFor } from "../durable/limiter/limiter-for.ts";
import { AppError } from "../http/app-error.ts";
import { ipLimitKey } from "../identity/ip-key.ts";
import { type Plan, planOf } from "../plans.ts";

/** Who a send is charged to: the visitor, and their IP when known (`cf-connecting-ip`). */
export type LimitSubject = { userId: string; plan: string; ip: string | null };

/** The Limiter object of the subject's network: its IPv4 address or IPv6 /64 (see ip-key.ts); null when unknown. */
function ipLimiter(env: Env, subject: LimitSubject) {
  const key = ipLimitKey(subject.ip);
  return key === null ? null : limiterFor(env, { kind: "ip", id: key });
}

const minute = 60_000;
const day = 24 * 60 * minute;

/** Rules charged when a message is sent: one message now; tokens are charged after the turn (cost 0 here checks the day is not used up). */
export function sendRules(limits: Plan["visitor"], scope: "visitor" | "ip"): LimitRule[] {
  const visitor = scope === "visitor";
  return [
    {
      name: "messages/min",
      limit: visitor ? limits.messagesPerMinute : limits.ipMessagesPerMinute,
      windowMs: minute,
      cost: 1,
    },
    { name: "tokens/day", limit: visitor ? limits.tokensPerDay : limits.ipTokensPerDay, windowMs: day, cost: 0 },
  ];
}

/**
 * Charges one message to the visitor and to their IP (sliding windows in the Limiter objects, so it holds
 * across isolates); refuses when either is over its messages/minute or has used up its tokens/day.
 * Both objects are asked at once (one round trip, not two); whichever admitted a message the other refused
 * gets it back. Throws a 429 `rate_limited` AppError with `retry-after`.
 */
export async function chargeMessage(env: Env, subject: LimitSubject): Promise<void> {
  const limits = planOf(subject.plan).visitor;
  const visitor = limiterFor(env, { kind: "visitor", id: subject.userId });
  const ip = ipLimiter(env, subject);
  const [visitorResult, ipResult] = await Promise.all([
    visitor.consume(sendRules(limits, "visitor")),
    ip?.consume(sendRules(limits, "ip")) ?? null,
  ]);
  if (visitorResult.allowed && (ipResult === null || ipResult.allowed)) return;
  const refunds: Promise<void>[] = [];
  if (visitorResult.allowed) refunds.push(visitor.adjust("messages/min", -1));
  if (ip && ipResult?.allowed) refunds.push(ip.adjust("messages/min", -1));
  await Promise.all(refunds);
  const waits = [visitorResult, ipResult].map((result) => (result && !result.allowed ? result.retryAfterMs : 0));
  throw rateLimited(Math.max(...waits));
}

/** Gives back a message charged by `chargeMessage` for a send that then did not happen (e.g. a 404). */
export async function refundMessage(env: Env, subject: LimitSubject): Promise<void> {
  const refunds = [limiterFor(env, { kind: "visitor", id: subject.userId }).adjust("messages/min", -1)];
  const ip = ipLimiter(env, subject);
  if (ip) refunds.push(ip.adjust("messages/min", -1));
  await Promise.all(refunds);
}

/** Charges a finished turn's tokens to the day windows (always accepted: the check happens at the next send). */
export async function chargeTokens(env: Env, subject: LimitSubject, tokens: number): Promise<void> {
  if (tokens <= 0) return;
  const rule = [{ name: "tokens/day", limit: Number.MAX_SAFE_INTEGER, windowMs: day, cost: tokens }];
  const charges = [limiterFor(env, { kind: "visitor", id: subject.userId }).consume(rule)];
  const ip = ipLimiter(env, subject);
  if (ip) charges.push(ip.consume(rule));
  await Promise.all(charges);
}

/**
 * The site API's one 429: code `rate_limited`, `retry-after` (seconds) and `retryAfterSeconds` in the body;
 * `scope` says which limit it was when that is not the visitor's own messages.
 */
export function rateLimited(
  retryAfterMs: number,
  message: (seconds: number) => string = (seconds) => `Too many messages. Try again in ${seconds} s.`,
  scope?: string,
): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(429, message(retryAfterSeconds), {
    code: "rate_limited",
    headers: { "retry-after": String(retryAfterSeconds) },
    details: scope ? { retryAfterSeconds, scope } : { retryAfterSeconds },
  });
}
