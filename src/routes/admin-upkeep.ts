import { Hono } from "hono";
import * as z from "zod";
import { adminAuth } from "../admin/admin-auth.ts";
import type { AppEnv } from "../env.ts";
import { readJsonBody } from "../http/json-body.ts";
import { runUpkeep } from "../upkeep/scheduled.ts";

const runBody = z.strictObject({ job: z.enum(["hourly", "daily"]).default("hourly") });

/**
 * `GET /admin/api/upkeep`: when each scheduled job last ran and what it did.
 * `POST /admin/api/upkeep/run {job}`: runs a job now (e.g. refresh the rollups before reading a chart).
 */
export const adminUpkeep = new Hono<AppEnv>()
  .use(adminAuth())
  .get("/", async (c) => {
    const { results } = await c.env.DB.prepare(`SELECT job, ran_at, detail FROM upkeep_state ORDER BY job`).all<{
      job: string;
      ran_at: number;
      detail: string;
    }>();
    return c.json({
      data: results.map((row) => ({
        job: row.job,
        ranAt: new Date(row.ran_at).toISOString(),
        detail: JSON.parse(row.detail) as unknown,
      })),
    });
  })
  .post("/run", async (c) => {
    const { job } = await readJsonBody(c, runBody);
    return c.json(await runUpkeep(c.env, job));
  });
