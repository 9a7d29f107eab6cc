import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { bearerToken } from "../http/bearer-token.ts";
import { type KeyCache, keyCache } from "./key-cache.ts";
import { hashKey, looksLikeKey } from "./key-format.ts";
import { type ApiKey, findLiveKeyByHash } from "./key-store.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The partner key that authenticated this /v1 request. */
    apiKey: ApiKey;
  }
}

export type ApiKeyOptions = { cache?: KeyCache };

/**
 * Authenticates `Authorization: Bearer ec_…` or `x-api-key: ec_…` (Anthropic's clients send the latter), cached per
 * isolate (see key-cache.ts), and sets the `apiKey` variable.
 */
export function apiKey(options: ApiKeyOptions = {}): MiddlewareHandler<AppEnv> {
  const cache = options.cache ?? keyCache;
  return async function apiKeyMiddleware(c, next) {
    const token = bearerToken(c.req.header("authorization")) ?? (c.req.header("x-api-key") ?? "").trim();
    if (!token) throw unauthorized("Missing API key. Send it as `Authorization: Bearer <key>` or `x-api-key: <key>`.");
    if (!looksLikeKey(token)) throw unauthorized("Invalid API key.");
    // Warm keys cost one Map lookup: the hash is only computed to ask D1.
    let key = cache.get(token);
    if (key === undefined) {
      key = await findLiveKeyByHash(c.env.DB, await hashKey(token));
      cache.set(token, key);
    }
    if (!key) throw unauthorized("Invalid or revoked API key.");
    c.set("apiKey", key);
    await next();
  };
}

function unauthorized(message: string): AppError {
  return new AppError(401, message, { code: "invalid_api_key", headers: { "www-authenticate": "Bearer" } });
}
