import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

export const VERSION = "0.1.0";

/** `GET /healthz`: liveness plus which providers are configured (never their secrets). */
export const health = new Hono<AppEnv>().get("/", (c) => {
  const config = c.get("config");
  return c.json({
    ok: true,
    version: VERSION,
    providers: {
      "workers-ai": { configured: Boolean(c.env.AI) },
      deepseek: { configured: config.deepseek.apiKey !== null, baseUrl: config.deepseek.baseUrl },
      "self-hosted": {
        configured: config.gpuPool.length > 0,
        servers: config.gpuPool.map((server) => ({ id: server.id, region: server.region })),
      },
    },
  });
});
