import type { AppConfig } from "../../config/config.ts";
import type { GpuServer } from "../../config/gpu-pool.ts";
import type { Region } from "../../lib/region.ts";
import type {
  Engine,
  HealthSnapshot,
  ProviderId,
  RouteExclusion,
  RouteExplanation,
  RouteRefusal,
  RouteTarget,
} from "../types.ts";
import { resolveModel } from "./catalog.ts";
import type { ResidencyRule, RoutingPolicy } from "./policy-schema.ts";

/** A target before the rules are applied: every endpoint that exists in the configuration, for one public model. */
type Candidate = {
  id: string;
  provider: ProviderId;
  engine: Engine;
  model: string | null;
  publicModel: string;
  substituteFor: string | null;
  region: string;
  configured: boolean;
};

const healthy: HealthSnapshot = { targets: {} };

/**
 * `route(plan, region, model, health)`: the ordered chain of targets a request may use, and for every other
 * target the rule that left it out. Pure: the same inputs always give the same answer. `model` may be an alias.
 * Order: the plan's provider order (self-hosted servers in GPU_POOL order; the pool re-orders them by load),
 * then the substitutes the catalog allows for this plan (labelled as such), then half-open targets as probes.
 * A target the region forbids never appears, whatever the health.
 */
export function route(
  config: AppConfig,
  plan: string,
  region: Region,
  model: string,
  health: HealthSnapshot = healthy,
  now: number = Date.now(),
): RouteExplanation {
  const policy = config.routingPolicy;
  const residency = residencyRule(policy, region);
  const explanation: RouteExplanation = {
    plan,
    model,
    country: region.country,
    residency: residency?.name ?? null,
    refusal: refusalOf(policy, plan, region, model),
    chain: [],
    excluded: [],
  };
  if (explanation.refusal) return explanation;
  const providers = policy.plans[plan]?.providers ?? [];
  const canonical = resolveModel(policy, model)?.model ?? model;
  const substitutes = policy.models[canonical]?.substitutes[plan] ?? [];
  const all = [
    ...orderByPlan(candidates(config, canonical, null), providers),
    ...substitutes.flatMap((substitute) => orderByPlan(candidates(config, substitute, canonical), providers)),
  ];
  const probes: RouteTarget[] = [];
  for (const candidate of all) {
    const exclusion = excludedBy(candidate, providers, residency, health, now);
    if (exclusion) {
      explanation.excluded.push(exclusion);
      continue;
    }
    const state = health.targets[candidate.id]?.state ?? "closed";
    const target: RouteTarget = {
      id: candidate.id,
      provider: candidate.provider,
      model: candidate.model ?? candidate.publicModel,
      publicModel: candidate.publicModel,
      substituteFor: candidate.substituteFor,
      engine: candidate.engine,
      region: candidate.region,
      probing: state !== "closed",
    };
    (target.probing ? probes : explanation.chain).push(target);
  }
  explanation.chain.push(...probes);
  return explanation;
}

/** The residency rule that applies to a visitor, or null when their data may go anywhere. */
export function residencyRule(policy: RoutingPolicy, region: Region): ResidencyRule | null {
  const rules = policy.regions.residency;
  if (region.country === null) {
    const name = policy.regions.unknownCountryRule;
    return name === null ? null : (rules.find((rule) => rule.name === name) ?? null);
  }
  const country = region.country;
  const continent = region.continent;
  return (
    rules.find(
      (rule) => rule.countries.includes(country) || (continent !== null && rule.continents.includes(continent)),
    ) ?? null
  );
}

function refusalOf(policy: RoutingPolicy, plan: string, region: Region, model: string): RouteRefusal | null {
  const resolved = resolveModel(policy, model);
  if (!resolved) {
    return { status: 404, code: "model_not_found", message: `The model '${model}' does not exist.` };
  }
  if (!policy.plans[plan]?.models.includes(resolved.model)) {
    return { status: 403, code: "model_not_allowed", message: `Your plan does not include the model '${model}'.` };
  }
  if (region.country !== null && policy.regions.refusedCountries.includes(region.country)) {
    return {
      status: 451,
      code: "region_refused",
      message: `edgechat is not available in your country (${region.country}).`,
    };
  }
  return null;
}

function candidates(config: AppConfig, model: string, substituteFor: string | null): Candidate[] {
  const policy = config.routingPolicy;
  const mapping = policy.models[model]?.providers ?? {};
  const common = { publicModel: model, substituteFor };
  return [
    {
      ...common,
      id: "deepseek",
      provider: "deepseek",
      engine: "deepseek",
      model: mapping.deepseek ?? null,
      region: policy.providers.deepseek.region,
      configured: config.deepseek.apiKey !== null,
    },
    {
      ...common,
      id: "workers-ai",
      provider: "workers-ai",
      engine: "workers-ai",
      model: mapping["workers-ai"] ?? null,
      region: policy.providers["workers-ai"].region,
      // Whether the AI binding exists is only known per request; a missing binding fails fast as unavailable.
      configured: true,
    },
    ...config.gpuPool.map(
      (server): Candidate => ({
        ...common,
        id: server.id,
        provider: "self-hosted",
        engine: server.engine,
        model: serverModel(server, model),
        region: server.region,
        configured: true,
      }),
    ),
  ];
}

/** The id a GPU server uses for a public model, or null when it does not serve it. */
export function serverModel(server: GpuServer, model: string): string | null {
  if (Array.isArray(server.models)) return server.models.includes(model) ? model : null;
  return server.models[model] ?? null;
}

function orderByPlan(all: Candidate[], providers: ProviderId[]): Candidate[] {
  const rank = (provider: ProviderId) => {
    const index = providers.indexOf(provider);
    return index === -1 ? providers.length : index;
  };
  // Array.prototype.sort is stable, so servers keep their GPU_POOL order within the provider.
  return [...all].sort((a, b) => rank(a.provider) - rank(b.provider));
}

function excludedBy(
  candidate: Candidate,
  providers: ProviderId[],
  residency: ResidencyRule | null,
  health: HealthSnapshot,
  now: number,
): RouteExclusion | null {
  const exclude = (rule: string, detail: string): RouteExclusion => ({
    target: candidate.id,
    provider: candidate.provider,
    rule,
    detail,
  });
  if (!providers.includes(candidate.provider)) return exclude("plan", "the plan does not use this provider");
  if (candidate.model === null) {
    const what = candidate.substituteFor ? `the substitute ${candidate.publicModel}` : "this model";
    return exclude(candidate.substituteFor ? "substitute-model" : "model", `does not serve ${what}`);
  }
  if (!candidate.configured) return exclude("not-configured", "no credentials configured");
  if (residency && !residency.dataRegions.includes(candidate.region)) {
    return exclude(
      `residency:${residency.name}`,
      `sends data to '${candidate.region}'; allowed: ${residency.dataRegions.join(", ")}`,
    );
  }
  const state = health.targets[candidate.id];
  if (state?.state === "open" && state.openUntil > now) {
    return exclude("circuit-open", `failing; probed again in ${Math.ceil((state.openUntil - now) / 1000)} s`);
  }
  return null;
}
