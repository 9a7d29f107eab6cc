import { Hono } from "hono";
import type { AppConfig } from "../config/config.ts";
import type { AppEnv } from "../env.ts";
import { visitor } from "../identity/index.ts";
import { listModels } from "../inference/index.ts";

/** Who the visitor is and which models their plan may use (with every catalog model's name, for notices). */
export const me = new Hono<AppEnv>()
  .get("/me", visitor(), (c) => {
    const { userId, plan } = c.get("visitor");
    const config = c.get("config");
    return c.json({ id: userId, plan, models: listModels(config, plan), labels: modelLabels(config) });
  })
  .get("/models", visitor(), (c) => {
    const config = c.get("config");
    return c.json({ models: listModels(config, c.get("visitor").plan), labels: modelLabels(config) });
  });

/** Every catalog model's and alias's human name: substitutes answer under names a plan's list may not have. */
function modelLabels(config: AppConfig): Record<string, string> {
  const { models, aliases } = config.routingPolicy;
  const labels: Record<string, string> = {};
  for (const [id, spec] of Object.entries(models)) labels[id] = spec.label;
  for (const [id, alias] of Object.entries(aliases)) labels[id] = models[alias.model]?.label ?? id;
  return labels;
}
