import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { uuidV7 } from "../lib/crypto.ts";
import { log } from "../lib/log.ts";

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a sane `x-request-id` or generates one, echoes it, and writes an access-log line for each 4xx/5xx. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const incoming = c.req.header("x-request-id");
    const id = incoming && acceptable.test(incoming) ? incoming : uuidV7();
    c.set("requestId", id);
    const started = Date.now();
    await next();
    c.res.headers.set("x-request-id", id);
    // Successful requests are already in the platform's own access log (Workers Logs; wrangler's line locally),
    // and each line relayed by `wrangler dev` costs measurable CPU: only refusals and failures get our line.
    if (c.res.status >= 400 && !c.req.path.startsWith("/assets/")) {
      log.info("request", {
        requestId: id,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Date.now() - started,
      });
    }
  };
}
