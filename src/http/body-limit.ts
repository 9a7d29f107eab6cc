import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env.ts";
import { AppError } from "./app-error.ts";

/**
 * The largest request body each surface reads, chosen per surface:
 * - `/v1`: 1 MiB. Partners send whole conversations: a full 65,536-token context is ~260 KB of text, and JSON
 *   escaping of code or non-Latin text can double or triple that.
 * - a chat-site send (`/api/conversations/:id/messages`): 16 MiB. It may carry 5 files of 512 KiB each
 *   (attachments/attachment-limits.ts), 2.5 MiB of text, which JSON escaping of code (quotes, backslashes,
 *   newlines) can grow by a third or more, or images in base64 (4/3 of their bytes: two of 5 MiB, 13.4 MiB);
 *   each file's own limit is checked after parsing. The parsed body is held in memory once (Workers have 128 MB),
 *   so the limit stays well under it.
 * - everything else (`/api`, `/admin/api`, pages): 64 KiB. Other site writes are a title, settings (custom
 *   instructions are at most 2 KB) or a few ids; admin bodies are a site's settings or a key's name.
 */
export const bodyLimits = { v1: 1024 * 1024, send: 16 * 1024 * 1024, default: 64 * 1024 } as const;

const sendPath = /^\/api\/conversations\/[^/]+\/messages$/;

/** The body limit for a request path. */
export function bodyLimitFor(path: string): number {
  if (path === "/v1" || path.startsWith("/v1/")) return bodyLimits.v1;
  return sendPath.test(path) ? bodyLimits.send : bodyLimits.default;
}

/** The one 413: `request_too_large`, rendered in each surface's error shape by `app.onError`. */
export function requestTooLarge(limit: number, what = "Request body", param: string | null = null): AppError {
  return new AppError(413, `${what} too large: the limit is ${limit} bytes (${limit / 1024} KiB).`, {
    code: "request_too_large",
    param,
  });
}

function limitOf(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw requestTooLarge(maxSize);
    },
  });
}

/**
 * Caps every request body at its surface's limit while it streams in: a declared `content-length` over the limit
 * is refused before a byte is read, and a chunked body is counted chunk by chunk and refused as soon as it passes
 * the limit, so nothing larger is ever buffered. (Hono's `bodyLimit`: https://hono.dev/docs/middleware/builtin/body-limit)
 */
export function requestBodyLimit(): MiddlewareHandler<AppEnv> {
  const limiters = new Map(Object.values(bodyLimits).map((limit) => [limit, limitOf(limit)]));
  return async function requestBodyLimitMiddleware(c, next) {
    if (!c.req.raw.body) return next();
    const limiter = limiters.get(bodyLimitFor(c.req.path));
    return limiter ? limiter(c, next) : next();
  };
}
