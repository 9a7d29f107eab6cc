import { z } from "zod";

/** One entry of `GET /v1/models` (OpenAI's shape plus what a client needs to size requests). */
export const modelSchema = z.object({
  id: z.string(),
  object: z.literal("model"),
  created: z.int(),
  owned_by: z.string(),
  reasoning: z.boolean(),
  context_length: z.int(),
  max_output_tokens: z.int(),
});

export const modelListSchema = z.object({ object: z.literal("list"), data: z.array(modelSchema) });
