import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { visitor } from "../identity/index.ts";
import { listModels } from "../inference/index.ts";

/** Who the visitor is and which models their plan may use. */
export const me = new Hono<AppEnv>()
  .get("/me", visitor(), (c) => {
    const { userId, plan } = c.get("visitor");
    return c.json({ id: userId, plan, models: listModels(c.get("config"), plan) });
  })
  .get("/models", visitor(), (c) => c.json({ models: listModels(c.get("config"), c.get("visitor").plan) }));
