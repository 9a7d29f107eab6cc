import type { LimitRule } from "../durable/limiter.ts";
import { AppError } from "../errors/app-error.ts";
import { planOf } from "../plans.ts";
import type { Site } from "./site-store.ts";

/** The rule charged to the site for one message (a site's plan caps the whole widget, see plans.ts). */
export function siteSendRules(plan: string): LimitRule[] {
  return [{ name: "messages/min", limit: planOf(plan).site.messagesPerMinute, windowMs: 60_000, cost: 1 }];
}

/** The Limiter object that holds a site's window. */
export function siteLimiterName(siteId: string): string {
  return `site:${siteId}`;
}

/** True for requests that start a turn (and so cost the site inference). */
export function startsTurn(method: string, path: string): boolean {
  return method === "POST" && /^\/api\/conversations\/[^/]+\/(?:messages|regenerate)$/.test(path);
}

/** Charges one message to the site; a 429 `site_rate_limited` when the site's plan is used up for the minute. */
export async function chargeSiteMessage(env: Env, site: Site): Promise<void> {
  const result = await env.LIMITER.getByName(siteLimiterName(site.id)).consume(siteSendRules(site.plan));
  if (result.allowed) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
  throw new AppError(429, `This chat is busy. Try again in ${retryAfterSeconds} s.`, {
    code: "rate_limited",
    headers: { "retry-after": String(retryAfterSeconds) },
    details: { retryAfterSeconds, scope: "site" },
  });
}
