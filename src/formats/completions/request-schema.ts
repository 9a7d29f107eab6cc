import * as z from "zod";

/** `POST /v1/completions` body: fill-in-the-middle (`prompt` before the gap, `suffix` after it). */
export const completionsSchema = z.object({
  model: z.string().min(1, "is required").max(200),
  prompt: z.string({ error: "must be a string (batches of prompts are not supported)" }),
  suffix: z.string().nullish(),
  max_tokens: z.int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(16)]).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  user: z.string().max(256).nullish(),
});

/** The same body read loosely, so that dropped fields can be named. */
export const completionsRequestSchema = z.looseObject(completionsSchema.shape);
