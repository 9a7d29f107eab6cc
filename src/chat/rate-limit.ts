import { AppError } from "../errors/app-error.ts";
import { limitsFor, sendRules } from "./plan-limits.ts";

/** Who a send is charged to: the visitor, and their IP when known (`cf-connecting-ip`). */
export type LimitSubject = { userId: string; plan: string; ip: string | null };

const day = 24 * 60 * 60_000;

/**
 * Charges one message to the visitor and to their IP (sliding windows in the Limiter objects, so it holds
 * across isolates); refuses when either is over its messages/minute or has used up its tokens/day.
 * Throws a 429 `rate_limited` AppError with `retry-after`.
 */
export async function chargeMessage(env: Env, subject: LimitSubject): Promise<void> {
  const limits = limitsFor(subject.plan);
  const visitor = env.LIMITER.getByName(`visitor:${subject.userId}`);
  const visitorResult = await visitor.consume(sendRules(limits, "visitor"));
  if (!visitorResult.allowed) throw rateLimited(visitorResult.retryAfterMs);
  if (subject.ip === null) return;
  const ipResult = await env.LIMITER.getByName(`ip:${subject.ip}`).consume(sendRules(limits, "ip"));
  if (!ipResult.allowed) {
    // The visitor was charged for a message the IP refused: give it back.
    await visitor.adjust("messages/min", -1);
    throw rateLimited(ipResult.retryAfterMs);
  }
}

/** Charges a finished turn's tokens to the day windows (always accepted: the check happens at the next send). */
export async function chargeTokens(env: Env, subject: LimitSubject, tokens: number): Promise<void> {
  if (tokens <= 0) return;
  const rule = [{ name: "tokens/day", limit: Number.MAX_SAFE_INTEGER, windowMs: day, cost: tokens }];
  const charges = [env.LIMITER.getByName(`visitor:${subject.userId}`).consume(rule)];
  if (subject.ip !== null) charges.push(env.LIMITER.getByName(`ip:${subject.ip}`).consume(rule));
  await Promise.all(charges);
}

function rateLimited(retryAfterMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(429, `Too many messages. Try again in ${retryAfterSeconds} s.`, {
    code: "rate_limited",
    headers: { "retry-after": String(retryAfterSeconds) },
    details: { retryAfterSeconds },
  });
}
