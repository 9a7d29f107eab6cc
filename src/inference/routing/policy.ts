import { deepMerge } from "./deep-merge.ts";
import { defaultPolicy } from "./default-policy.ts";
import { type RoutingPolicy, routingPolicySchema } from "./policy-schema.ts";

/**
 * The routing policy: the model catalog (models, aliases, capabilities, prices), which plans may use which
 * models in which provider order, where each region's data may go, and the timing knobs of failover. It ships
 * as typed defaults (default-policy.ts); `ROUTING_POLICY` (JSON) is deep-merged over them (objects merge key by
 * key, arrays replace), and the result is validated as a whole.
 */
export { defaultPolicy } from "./default-policy.ts";
export type { RoutingPolicy } from "./policy-schema.ts";

/** Parses ROUTING_POLICY (JSON text or null for defaults); throws an Error whose message says what is wrong. */
export function parseRoutingPolicy(raw: string | null): RoutingPolicy {
  if (raw === null) return defaultPolicy;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error("not valid JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error("must be a JSON object");
  const parsed = routingPolicySchema.safeParse(deepMerge(defaultPolicy, json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".") || "value"}: ${issue?.message ?? "invalid"}`);
  }
  const problem = crossReferenceProblem(parsed.data);
  if (problem) throw new Error(problem);
  return normaliseCountries(parsed.data);
}

/** Names a plan model, alias, substitute or unknown-country rule that points at nothing. */
function crossReferenceProblem(policy: RoutingPolicy): string | null {
  for (const [plan, { models }] of Object.entries(policy.plans)) {
    for (const model of models) {
      if (!policy.models[model]) return `plans.${plan}.models: unknown model "${model}"`;
    }
  }
  for (const [alias, { model }] of Object.entries(policy.aliases)) {
    if (!policy.models[model]) return `aliases.${alias}.model: unknown model "${model}"`;
    if (policy.models[alias]) return `aliases.${alias}: also the id of a model`;
  }
  for (const [id, spec] of Object.entries(policy.models)) {
    for (const [plan, substitutes] of Object.entries(spec.substitutes)) {
      for (const substitute of substitutes) {
        if (!policy.models[substitute] || substitute === id) {
          return `models.${id}.substitutes.${plan}: unknown model "${substitute}"`;
        }
      }
    }
  }
  const rule = policy.regions.unknownCountryRule;
  if (rule !== null && !policy.regions.residency.some((candidate) => candidate.name === rule)) {
    return `regions.unknownCountryRule: no residency rule named "${rule}"`;
  }
  return null;
}

function normaliseCountries(policy: RoutingPolicy): RoutingPolicy {
  const upper = (codes: string[]) => codes.map((code) => code.toUpperCase());
  return {
    ...policy,
    regions: {
      ...policy.regions,
      refusedCountries: upper(policy.regions.refusedCountries),
      residency: policy.regions.residency.map((rule) => ({
        ...rule,
        countries: upper(rule.countries),
        continents: upper(rule.continents),
      })),
    },
  };
}
