// One home for what a plan gives, on every surface, so a limit and its fallback are written once. (Which models
// and providers a plan may use is routing data: `plans` in the routing policy, overridable by ROUTING_POLICY.)

/** What a plan gives on each surface: the partner API, the chat site and widget visitors, and widget sites. */
export type Plan = {
  /** Per partner key, when the key has no limits of its own. */
  api: { rpm: number; tpm: number };
  /** Per visitor, and (more generous: shared NATs) per IP address. */
  visitor: {
    messagesPerMinute: number;
    tokensPerDay: number;
    ipMessagesPerMinute: number;
    ipTokensPerDay: number;
  };
  /**
   * Per widget site, across all its visitors: visitor tokens are free to mint, so without a site-wide window one
   * embedding (or a bot driving its frame) could spend without bound.
   */
  site: { messagesPerMinute: number };
};

const free: Plan = {
  api: { rpm: 20, tpm: 60_000 },
  visitor: { messagesPerMinute: 10, tokensPerDay: 200_000, ipMessagesPerMinute: 30, ipTokensPerDay: 1_000_000 },
  site: { messagesPerMinute: 120 },
};

/** Every plan by name. */
const plans: Readonly<Record<string, Plan>> = {
  free,
  pro: {
    api: { rpm: 120, tpm: 400_000 },
    visitor: { messagesPerMinute: 60, tokensPerDay: 5_000_000, ipMessagesPerMinute: 120, ipTokensPerDay: 20_000_000 },
    site: { messagesPerMinute: 1200 },
  },
  // Partners are contracted: a key without its own limits gets only an abuse guard; operators set real ones.
  // It is a key plan: its visitors and sites (none are expected) get the free limits.
  partner: { api: { rpm: 100_000, tpm: 100_000_000 }, visitor: free.visitor, site: free.site },
};

/** The plan a new visitor, or a name we do not know, gets: the most conservative one. */
export const defaultPlanName = "free";

/** The plan called `name` (the free plan for a name we do not know). */
export function planOf(name: string): Plan {
  return Object.hasOwn(plans, name) ? (plans[name] ?? free) : free;
}

/** The plans an operator may give a widget site (`partner` is for API keys). */
export const sitePlanNames: readonly string[] = ["free", "pro"];
