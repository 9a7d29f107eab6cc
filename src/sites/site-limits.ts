import type { MiddlewareHandler } from "hono";
import type { LimitRule } from "../durable/limiter/limit-types.ts";
import { limiterFor } from "../durable/limiter/limiter-for.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { planOf } from "../plans.ts";
import type { Site } from "./site-store.ts";

/** The rule charged to the site for one message (a site's plan caps the whole widget, see plans.ts). */
export function siteSendRules(plan: string): LimitRule[] {
  return [{ name: "messages/min", limit: planOf(plan).site.messagesPerMinute, windowMs: 60_000, cost: 1 }];
}

/**
 * Charges a turn to the widget site the request was made for (set by the embed guard), on the routes that start
 * one; chat-site turns (no site) pass untouched.
 */
export function chargeSiteTurn(): MiddlewareHandler<AppEnv> {
  return async function chargeSiteTurnMiddleware(c, next) {
    // Set only for widget requests, whatever the variable's declared type says.
    const site: Site | undefined = c.get("embedSite");
    if (site) await chargeSiteMessage(c.env, site);
    await next();
  };
}

/** Charges one message to the site; a 429 `rate_limited` (scope `site`) when its plan is used up for the minute. */
async function chargeSiteMessage(env: Env, site: Site): Promise<void> {
  const result = await limiterFor(env, { kind: "site", id: site.id }).consume(siteSendRules(site.plan));
  if (result.allowed) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
  throw new AppError(429, `This chat is busy. Try again in ${retryAfterSeconds} s.`, {
    code: "rate_limited",
    headers: { "retry-after": String(retryAfterSeconds) },
    details: { retryAfterSeconds, scope: "site" },
  });
}
