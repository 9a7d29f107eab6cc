// New identities are free to mint, and each one is a `users` row. A cap per network (IPv4 address or IPv6 /64)
// bounds how many rows one client can create, on the chat site and through widget tokens alike.
import { rateLimited } from "../conversations/rate-limit.ts";
import type { LimitRule } from "../durable/limiter/limit-types.ts";
import { limiterFor } from "../durable/limiter/limiter-for.ts";
import { newIdentityLimits } from "./new-identity-limits.ts";

export { newIdentityLimits };

const hour = 60 * 60_000;

function rules(): LimitRule[] {
  return [
    { name: "identities/hour", limit: newIdentityLimits.perHour, windowMs: hour, cost: 1 },
    { name: "identities/day", limit: newIdentityLimits.perDay, windowMs: 24 * hour, cost: 1 },
  ];
}

/**
 * Charges one new identity to the client's network (`networkKey` from ipLimitKey); a 429 `rate_limited`
 * (scope `new_visitors`) when the network used up its hour or day. No key (no client address): nothing to charge.
 */
export async function chargeNewIdentity(env: Env, networkKey: string | null): Promise<void> {
  if (networkKey === null) return;
  const result = await limiterFor(env, { kind: "identities", id: networkKey }).consume(rules());
  if (result.allowed) return;
  throw rateLimited(
    result.retryAfterMs,
    (seconds) =>
      `Too many new visitors from your network. Try again in ${seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`}.`,
    "new_visitors",
  );
}
