import { Hono } from "hono";
import type * as z from "zod";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../http/app-error.ts";
import { listAliases, listModels, type ModelInfo } from "../../inference/index.ts";
import type { modelListSchema, modelSchema } from "./models-schema.ts";

// A fixed date: OpenAI clients expect `created`, our catalogue has no per-model dates.
const created = 1_735_689_600;

/** `GET /v1/models`: the models this key's plan may use, then the compatibility aliases it may use. */
export const models = new Hono<AppEnv>();

models.get("/", (c) => {
  const data = everyModel(c.get("config"), c.get("apiKey").plan).map(present);
  return c.json({ object: "list" as const, data } satisfies z.infer<typeof modelListSchema>);
});

models.get("/:id", (c) => {
  const id = c.req.param("id");
  const model = everyModel(c.get("config"), c.get("apiKey").plan).find((entry) => entry.id === id);
  if (!model) {
    throw new AppError(404, `The model \`${id}\` does not exist or your key's plan cannot use it.`, {
      code: "model_not_found",
      param: "model",
    });
  }
  return c.json(present(model));
});

function everyModel(config: Parameters<typeof listModels>[0], plan: string): ModelInfo[] {
  return [...listModels(config, plan), ...listAliases(config, plan)];
}

function present(model: ModelInfo): z.infer<typeof modelSchema> {
  const { capabilities } = model;
  return {
    id: model.id,
    object: "model",
    created,
    owned_by: "edgechat",
    name: model.label,
    description: model.description,
    alias_of: model.aliasOf,
    reasoning: model.reasoning,
    capabilities: {
      thinking: capabilities.thinking,
      reasoning_efforts: capabilities.efforts,
      tools: capabilities.tools,
      json_output: capabilities.json,
      vision: capabilities.vision,
      fim: capabilities.fim,
      prefix_completion: capabilities.prefix,
    },
    context_length: model.contextTokens,
    max_output_tokens: model.maxOutputTokens,
  };
}
