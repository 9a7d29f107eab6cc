import type { AppConfig } from "../../config/config.ts";
import type { ModelInfo, Served, Thinking, ThinkingRequest } from "../types.ts";
import type { ModelSpec, RoutingPolicy } from "./policy-schema.ts";
import { resolveThinking } from "./thinking.ts";

/** A public id after alias resolution: the catalog model, and the thinking default the id implies. */
export type ResolvedModel = { id: string; model: string; spec: ModelSpec; aliasOf: string | null; thinking: boolean };

/** Resolves a public model id or alias (`deepseek-chat` → deepseek-flash, thinking off); null when unknown. */
export function resolveModel(policy: RoutingPolicy, id: string): ResolvedModel | null {
  const alias = Object.hasOwn(policy.aliases, id) ? policy.aliases[id] : undefined;
  const model = alias?.model ?? id;
  const spec = Object.hasOwn(policy.models, model) ? policy.models[model] : undefined;
  if (!spec) return null;
  return { id, model, spec, aliasOf: alias ? model : null, thinking: alias?.thinking ?? spec.thinkingByDefault };
}

/** Public models a plan may use, default chat model first (aliases are listed by `listAliases`). */
export function listModels(config: AppConfig, plan: string): ModelInfo[] {
  const names = config.routingPolicy.plans[plan]?.models ?? [];
  return names.flatMap((name) => {
    const info = modelInfo(config, plan, name);
    return info && config.routingPolicy.models[name]?.listed !== false ? [info] : [];
  });
}

/** The aliases a plan may use (those whose model the plan includes), as model infos with `aliasOf` set. */
export function listAliases(config: AppConfig, plan: string): ModelInfo[] {
  return Object.keys(config.routingPolicy.aliases).flatMap((alias) => modelInfo(config, plan, alias) ?? []);
}

/** One model's (or alias's) info for a plan, or null if the plan may not use it / it does not exist. */
export function modelInfo(config: AppConfig, plan: string, id: string): ModelInfo | null {
  const policy = config.routingPolicy;
  const planSpec = policy.plans[plan];
  const resolved = resolveModel(policy, id);
  if (!planSpec || !resolved || !planSpec.models.includes(resolved.model)) return null;
  const { spec } = resolved;
  return {
    id,
    label: spec.label,
    description: resolved.aliasOf ? (policy.aliases[id]?.description ?? "") : spec.description,
    aliasOf: resolved.aliasOf,
    reasoning: resolved.thinking,
    capabilities: spec.capabilities,
    contextTokens: Math.min(spec.contextTokens, planSpec.contextTokens),
    maxOutputTokens: Math.min(spec.maxOutputTokens, planSpec.maxOutputTokens),
  };
}

/**
 * Response headers naming who served: x-edgechat-provider, x-edgechat-model, x-edgechat-region, and when a
 * substitute answered, x-edgechat-substitute-for (the public model that was asked for).
 */
export function servedHeaders(served: Served): Record<string, string> {
  const headers: Record<string, string> = {
    "x-edgechat-provider": served.provider,
    "x-edgechat-model": served.model,
    "x-edgechat-region": served.region,
  };
  if (served.substituteFor) headers["x-edgechat-substitute-for"] = served.substituteFor;
  if (served.simulated) headers["x-edgechat-simulated"] = "1";
  return headers;
}

/** The thinking a request to `id` (model or alias) runs with, given what the client asked for. */
export function thinkingFor(policy: RoutingPolicy, id: string, request: ThinkingRequest): Thinking {
  const resolved = resolveModel(policy, id);
  if (!resolved) return { enabled: false, effort: null };
  return resolveThinking(request, resolved.spec.capabilities, resolved.thinking);
}
