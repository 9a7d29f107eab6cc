import { Hono } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors/app-error.ts";
import { listModels, type ModelInfo } from "../../inference/index.ts";
import type { modelListSchema, modelSchema } from "./models-schema.ts";

// A fixed date: OpenAI clients expect `created`, our catalogue has no per-model dates.
const created = 1_735_689_600;

/** `GET /v1/models`: the models this key's plan may use. */
export const models = new Hono<AppEnv>();

models.get("/", (c) => {
  const data = listModels(c.get("config"), c.get("apiKey").plan).map(present);
  return c.json({ object: "list" as const, data } satisfies z.infer<typeof modelListSchema>);
});

models.get("/:id", (c) => {
  const id = c.req.param("id");
  const model = listModels(c.get("config"), c.get("apiKey").plan).find((entry) => entry.id === id);
  if (!model) {
    throw new AppError(404, `The model \`${id}\` does not exist or your key's plan cannot use it.`, {
      code: "model_not_found",
      param: "model",
    });
  }
  return c.json(present(model));
});

function present(model: ModelInfo): z.infer<typeof modelSchema> {
  return {
    id: model.id,
    object: "model",
    created,
    owned_by: "edgechat",
    reasoning: model.reasoning,
    context_length: model.contextTokens,
    max_output_tokens: model.maxOutputTokens,
  };
}
