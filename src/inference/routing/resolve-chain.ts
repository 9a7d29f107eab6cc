import { AppError } from "../../http/app-error.ts";
import type { Region } from "../../lib/region.ts";
import { healthSnapshot } from "../health/health.ts";
import type { InferenceContext, RouteTarget } from "../types.ts";
import { arrangePool } from "./pool.ts";
import { route } from "./router.ts";

/** The chain a request will try, in order (pool re-ordered by load), or the AppError that refuses it. */
export function resolveChain(context: InferenceContext, plan: string, region: Region, model: string): RouteTarget[] {
  const health = healthSnapshot(context);
  const now = Date.now();
  const explanation = route(context.config, plan, region, model, health, now);
  const refusal = explanation.refusal;
  if (refusal) {
    throw new AppError(refusal.status, refusal.message, { code: refusal.code });
  }
  return arrangePool(explanation.chain, context.config, health, now);
}

/** The largest output a plan allows for a model, applied to what the client asked for. */
export function clampMaxTokens(context: InferenceContext, plan: string, model: string, asked: unknown): number {
  const policy = context.config.routingPolicy;
  const limit = Math.min(
    policy.models[model]?.maxOutputTokens ?? Number.POSITIVE_INFINITY,
    policy.plans[plan]?.maxOutputTokens ?? Number.POSITIVE_INFINITY,
  );
  return typeof asked === "number" && asked > 0 ? Math.min(Math.floor(asked), limit) : limit;
}
