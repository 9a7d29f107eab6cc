/** Limits a plan gives a key that has none of its own. */
export type PlanLimits = { rpm: number; tpm: number };

const planLimits: Record<string, PlanLimits> = {
  // Partners are contracted: a key without its own limits gets only an abuse guard; operators set real ones.
  partner: { rpm: 100_000, tpm: 100_000_000 },
  pro: { rpm: 120, tpm: 400_000 },
  free: { rpm: 20, tpm: 60_000 },
};

const unknownPlan: PlanLimits = { rpm: 20, tpm: 60_000 };

/** The default limits of a plan (the most conservative ones for a plan we do not know). */
export function limitsOfPlan(plan: string): PlanLimits {
  return planLimits[plan] ?? unknownPlan;
}
