import type { AppConfig } from "../config/config.ts";
import type { ModelInfo, Served } from "./types.ts";

/** Public models a plan may use (order: chat model first). */
export function listModels(config: AppConfig, plan: string): ModelInfo[] {
  const names = config.routingPolicy.plans[plan]?.models ?? [];
  return names.flatMap((name) => modelInfo(config, plan, name) ?? []);
}

/** One model's info for a plan, or null if the plan may not use it / it does not exist. */
export function modelInfo(config: AppConfig, plan: string, model: string): ModelInfo | null {
  const policy = config.routingPolicy;
  const planSpec = policy.plans[plan];
  const spec = policy.models[model];
  if (!planSpec || !spec || !planSpec.models.includes(model)) return null;
  return {
    id: model,
    label: spec.label,
    reasoning: spec.reasoning,
    contextTokens: Math.min(spec.contextTokens, planSpec.contextTokens),
    maxOutputTokens: Math.min(spec.maxOutputTokens, planSpec.maxOutputTokens),
  };
}

/** Response headers naming who served: x-edgechat-provider, x-edgechat-model (and x-edgechat-region). */
export function servedHeaders(served: Served): Record<string, string> {
  const headers: Record<string, string> = {
    "x-edgechat-provider": served.provider,
    "x-edgechat-model": served.model,
    "x-edgechat-region": served.region,
  };
  if (served.simulated) headers["x-edgechat-simulated"] = "1";
  return headers;
}
