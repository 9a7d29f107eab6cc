import { Hono } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../../env.ts";
import { listModels } from "../../inference/index.ts";
import type { modelListSchema } from "./models-schema.ts";

// A fixed date: OpenAI clients expect `created`, our catalogue has no per-model dates.
const created = 1_735_689_600;

/** `GET /v1/models`: the models this key's plan may use. */
export const models = new Hono<AppEnv>();

models.get("/", (c) => {
  const data = listModels(c.var.config, c.var.apiKey.plan).map((model) => ({
    id: model.id,
    object: "model" as const,
    created,
    owned_by: "edgechat",
    reasoning: model.reasoning,
    context_length: model.contextTokens,
    max_output_tokens: model.maxOutputTokens,
  }));
  return c.json({ object: "list" as const, data } satisfies z.infer<typeof modelListSchema>);
});
