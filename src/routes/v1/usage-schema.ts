import * as z from "zod";

const day = z.iso.date("must be a date as YYYY-MM-DD");

/** Query of `GET /v1/usage`: an inclusive range of UTC days, at most a year. */
export const usageQuerySchema = z
  .object({ start: day.optional(), end: day.optional() })
  .refine((query) => !query.start || !query.end || query.start <= query.end, {
    message: "must not be after `end`",
    path: ["start"],
  });

/** One row of the usage report: a day and a model. */
export const usageRowSchema = z.object({
  day: z.string(),
  model: z.string(),
  requests: z.int(),
  prompt_tokens: z.int(),
  completion_tokens: z.int(),
  reasoning_tokens: z.int(),
  cache_hit_tokens: z.int(),
  cache_miss_tokens: z.int(),
  cost_micros: z.int(),
  cost_usd: z.number(),
});

export const usageReportSchema = z.object({
  object: z.literal("list"),
  start: z.string(),
  end: z.string(),
  data: z.array(usageRowSchema),
});
