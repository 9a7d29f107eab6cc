import type { MiddlewareHandler } from "hono";
import { ConfigError, loadConfig } from "../config/config.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "./app-error.ts";

/** Parses configuration once per isolate; a bad variable makes every route answer 503 naming it. */
export function config(): MiddlewareHandler<AppEnv> {
  return async function configMiddleware(c, next) {
    const result = loadConfig(c.env);
    if (result instanceof ConfigError) {
      throw new AppError(503, result.message, { code: "config_invalid", type: "server_error", param: result.variable });
    }
    c.set("config", result);
    await next();
  };
}
