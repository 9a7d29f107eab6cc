import * as z from "zod";

/** One entry of `GET /v1/models` (OpenAI's shape plus what a client needs to size requests). */
export const modelSchema = z.object({
  id: z.string(),
  object: z.literal("model"),
  created: z.int(),
  owned_by: z.string(),
  /** Human name. */
  name: z.string(),
  description: z.string(),
  /** For a compatibility alias (`deepseek-chat`, `deepseek-reasoner`): the model it stands for; else null. */
  alias_of: z.string().nullable(),
  /** True when requests think by default (the `thinking` switch and `reasoning_effort` change it). */
  reasoning: z.boolean(),
  capabilities: z.object({
    thinking: z.boolean(),
    reasoning_efforts: z.array(z.string()),
    tools: z.boolean(),
    json_output: z.boolean(),
    vision: z.boolean(),
    fim: z.boolean(),
    prefix_completion: z.boolean(),
  }),
  context_length: z.int(),
  max_output_tokens: z.int(),
});

export const modelListSchema = z.object({ object: z.literal("list"), data: z.array(modelSchema) });
