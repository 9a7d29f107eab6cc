import type { LimitRule } from "../durable/limiter.ts";

/** Free-tier style limits for one plan; per visitor and (more generous, shared NATs) per IP. */
export type PlanLimits = {
  messagesPerMinute: number;
  tokensPerDay: number;
  ipMessagesPerMinute: number;
  ipTokensPerDay: number;
};

/** Defaults per plan; an unknown plan gets the free limits. */
export const defaultPlanLimits: Record<string, PlanLimits> = {
  free: { messagesPerMinute: 10, tokensPerDay: 200_000, ipMessagesPerMinute: 30, ipTokensPerDay: 1_000_000 },
  pro: { messagesPerMinute: 60, tokensPerDay: 5_000_000, ipMessagesPerMinute: 120, ipTokensPerDay: 20_000_000 },
};

const minute = 60_000;
const day = 24 * 60 * minute;

/** The limits that apply to `plan`. */
export function limitsFor(plan: string): PlanLimits {
  return defaultPlanLimits[plan] ?? defaultPlanLimits.free!;
}

/** Rules charged when a message is sent: one message now; tokens are charged after the turn (cost 0 here checks the day is not used up). */
export function sendRules(limits: PlanLimits, scope: "visitor" | "ip"): LimitRule[] {
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
