import type { AppConfig } from "../../config/config.ts";
import type { Region } from "../../env.ts";
import { AppError } from "../../http/app-error.ts";
import type { EmbeddingModel } from "../../inference/routing/embedding-models.ts";
import { residencyRule } from "../../inference/routing/router.ts";
import type { RouteTarget } from "../../inference/types.ts";

/**
 * Where an embedding request may go, in order: the self-hosted servers that declare the model, then Workers AI;
 * only providers the key's plan uses and data regions the visitor's residency rule allows (the chat rules).
 */
export function embeddingChain(config: AppConfig, plan: string, region: Region, model: EmbeddingModel): RouteTarget[] {
  const policy = config.routingPolicy;
  if (region.country !== null && policy.regions.refusedCountries.includes(region.country)) {
    throw new AppError(403, `edgechat is not available in your country (${region.country}).`, {
      code: "region_refused",
      type: "permission_error",
    });
  }
  const providers = policy.plans[plan]?.providers ?? [];
  const allowed = residencyRule(policy, region)?.dataRegions ?? null;
  const chain: RouteTarget[] = [];
  if (providers.includes("self-hosted")) {
    for (const server of config.gpuPool) {
      const declared = server.embeddingModels;
      const own = Array.isArray(declared)
        ? declared.includes(model.id)
          ? model.id
          : null
        : (declared?.[model.id] ?? null);
      if (own)
        chain.push({
          id: server.id,
          provider: "self-hosted",
          model: own,
          region: server.region,
          probing: false,
          publicModel: model.id,
          substituteFor: null,
          engine: server.engine,
        });
    }
  }
  if (model.workersAi && providers.includes("workers-ai")) {
    const region = policy.providers["workers-ai"].region;
    chain.push({
      id: "workers-ai",
      provider: "workers-ai",
      model: model.workersAi,
      region,
      probing: false,
      publicModel: model.id,
      substituteFor: null,
      engine: "workers-ai",
    });
  }
  return allowed === null ? chain : chain.filter((target) => allowed.includes(target.region));
}
