import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors/app-error.ts";
import { timingSafeEqualText } from "../lib/crypto.ts";

/** Requires `Authorization: Bearer <ADMIN_TOKEN>`; with no ADMIN_TOKEN configured, /admin is closed. */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async function adminAuthMiddleware(c, next) {
    const expected = c.get("config").adminToken;
    const header = c.req.header("authorization") ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
    if (!expected || !token || !(await timingSafeEqualText(token, expected))) {
      throw new AppError(401, "Admin token missing or wrong.", {
        code: "unauthorized",
        headers: { "www-authenticate": "Bearer" },
      });
    }
    await next();
  };
}
