import type { AdmitResult, LimitRule, LimitState } from "../durable/limiter/limit-types.ts";
import { AppError } from "../http/app-error.ts";
import type { ApiKey } from "../keys/key-store.ts";
import { planOf } from "../plans.ts";

const minuteMs = 60_000;

/** Names of the Limiter windows of a partner key. */
export const ruleNames = { requests: "requests", tokens: "tokens" } as const;

/** The rpm and tpm rules for a request; the token charge is capped at the limit so one large request can still pass an idle window. */
export function admissionRules(key: ApiKey, tokenEstimate: number): LimitRule[] {
  const plan = planOf(key.plan).api;
  const rpm = key.rpm ?? plan.rpm;
  const tpm = key.tpm ?? plan.tpm;
  return [
    { name: ruleNames.requests, limit: rpm, windowMs: minuteMs, cost: 1 },
    { name: ruleNames.tokens, limit: tpm, windowMs: minuteMs, cost: Math.min(tokenEstimate, tpm) },
  ];
}

/** OpenAI's rate-limit headers from the windows' states. */
export function rateLimitHeaders(states: LimitState[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const state of states) {
    const suffix = state.name === ruleNames.requests ? "requests" : state.name === ruleNames.tokens ? "tokens" : null;
    if (!suffix) continue;
    headers[`x-ratelimit-limit-${suffix}`] = String(state.limit);
    headers[`x-ratelimit-remaining-${suffix}`] = String(state.remaining);
    headers[`x-ratelimit-reset-${suffix}`] = formatDuration(state.drainMs);
  }
  return headers;
}

/** Throws the 429 or 402 for a refused admission; returns the rate-limit headers of an admitted one. */
export function assertAdmitted(result: AdmitResult, rules: LimitRule[]): Record<string, string> {
  const headers = rateLimitHeaders(result.states);
  if (result.allowed) return headers;
  if (result.refusal === "budget") {
    const budget = result.budget;
    const left = budget ? Math.max(0, budget.limitMicros - budget.spentMicros - budget.reservedMicros) : 0;
    throw new AppError(
      402,
      `Monthly budget exhausted: $${(left / 1e6).toFixed(6)} left this month, less than this request's worst-case cost. Lower max_tokens or raise the key's budget.`,
      { code: "insufficient_quota", headers },
    );
  }
  const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
  const full = rules.find((rule) => (result.states.find((s) => s.name === rule.name)?.remaining ?? 0) < rule.cost);
  const which = full?.name === ruleNames.tokens ? "tokens" : "requests";
  throw new AppError(429, `Rate limit reached for ${which} per minute. Retry in ${seconds}s.`, {
    code: "rate_limit_exceeded",
    headers: {
      ...headers,
      "retry-after": String(seconds),
      "retry-after-ms": String(retryAfterMs(result.retryAfterMs)),
    },
  });
}

/** OpenAI's duration format: `0s`, `850ms`, `12.5s`, `1m3s`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return "0s";
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${Number(seconds.toFixed(1))}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${Math.round(seconds - minutes * 60)}s`;
}

/** `retry-after-ms` for a wait: never above 60,000, past which the openai SDKs ignore it and retry at once. */
export function retryAfterMs(waitMs: number): number {
  return Math.max(0, Math.min(60_000, Math.ceil(waitMs)));
}
