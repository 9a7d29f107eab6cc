import { Hono } from "hono";
import type * as z from "zod";
import type { AppEnv } from "../../env.ts";
import { invalidRequest } from "../../http/app-error.ts";
import { fromZodError } from "../../http/json-body.ts";
import { utcDay } from "../../metering/record-usage.ts";
import { usageQuerySchema, type usageReportSchema, type usageRowSchema } from "./usage-schema.ts";

const maxRangeDays = 366;
const dayMs = 86_400_000;

type Row = Omit<z.infer<typeof usageRowSchema>, "cost_usd">;

/** `GET /v1/usage?start&end`: this key's usage by UTC day and model (default: this month so far). */
export const usage = new Hono<AppEnv>();

usage.get("/", async (c) => {
  const parsed = usageQuerySchema.safeParse(c.req.query());
  if (!parsed.success) throw fromZodError(parsed.error, "invalid_request_error");
  const today = utcDay(Date.now());
  const start = parsed.data.start ?? `${today.slice(0, 7)}-01`;
  const end = parsed.data.end ?? today;
  if (start > end) throw invalidRequest("'start' must not be after 'end'.", "start");
  if ((Date.parse(end) - Date.parse(start)) / dayMs >= maxRangeDays) {
    throw invalidRequest(`The range is at most ${maxRangeDays} days.`, "start");
  }
  const { results } = await c.env.DB.prepare(
    `SELECT day, model, COUNT(*) AS requests, SUM(prompt_tokens) AS prompt_tokens,
       SUM(completion_tokens) AS completion_tokens, SUM(reasoning_tokens) AS reasoning_tokens,
       SUM(cache_hit_tokens) AS cache_hit_tokens, SUM(cache_miss_tokens) AS cache_miss_tokens,
       SUM(cost_micros) AS cost_micros
     FROM usage WHERE api_key_id = ? AND day BETWEEN ? AND ?
     GROUP BY day, model ORDER BY day, model`,
  )
    .bind(c.get("apiKey").id, start, end)
    .all<Row>();
  const data = results.map((row) => ({ ...row, cost_usd: row.cost_micros / 1e6 }));
  return c.json({ object: "list" as const, start, end, data } satisfies z.infer<typeof usageReportSchema>);
});
