import type { AppConfig } from "../config/config.ts";
import { route } from "../inference/routing/router.ts";
import type { HealthSnapshot, RouteExclusion } from "../inference/types.ts";

/** One plan's first model, and whether some target can serve it now. */
export type PlanReadiness = {
  plan: string;
  model: string | null;
  ready: boolean;
  /** Targets that would answer, in order (admin detail). */
  chain: string[];
  /** Why every other target is out (admin detail). */
  excluded: RouteExclusion[];
};

export type Readiness = { ready: boolean; plans: PlanReadiness[] };

/**
 * Ready when each plan's first model has at least one target that routing would try: configured, allowed for
 * the plan and not behind an open circuit. Decided from configuration and breaker state only; no provider is
 * called. Workers AI counts only where the AI binding exists. Residency is not applied (a visitor anywhere).
 */
export function readiness(
  config: AppConfig,
  health: HealthSnapshot,
  hasWorkersAi: boolean,
  now: number = Date.now(),
): Readiness {
  const plans = Object.entries(config.routingPolicy.plans).map(([plan, { models }]): PlanReadiness => {
    const model = models[0] ?? null;
    if (model === null) return { plan, model, ready: false, chain: [], excluded: [] };
    const explanation = route(config, plan, { country: null, continent: null }, model, health, now);
    const excluded = [...explanation.excluded];
    const chain = explanation.chain.filter((target) => {
      if (target.provider !== "workers-ai" || hasWorkersAi) return true;
      excluded.push({ target: target.id, provider: target.provider, rule: "not-configured", detail: "no AI binding" });
      return false;
    });
    return { plan, model, ready: chain.length > 0, chain: chain.map((target) => target.id), excluded };
  });
  return { ready: plans.every((plan) => plan.ready), plans };
}
