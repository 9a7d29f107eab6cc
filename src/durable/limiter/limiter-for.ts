/**
 * Who a Limiter object counts for: a partner key, a visitor, a network (IPv4 address or IPv6 /64), a widget site,
 * or, per network, the new identities or the passkey ceremonies started from it.
 */
export type LimiterSubject = { kind: "key" | "visitor" | "ip" | "site" | "identities" | "ceremonies"; id: string };

/** The Limiter object of `subject` (named `<kind>:<id>`, the names its windows were always stored under). */
export function limiterFor(env: Env, subject: LimiterSubject) {
  return env.LIMITER.getByName(limiterName(subject));
}

/** The object name of `subject`; also what per-subject caches and logs key on. */
export function limiterName(subject: LimiterSubject): string {
  return `${subject.kind}:${subject.id}`;
}
