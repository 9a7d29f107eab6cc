// The site API as the widget's iframe calls it: a visitor token as bearer (never a cookie, which a browser
// blocking third-party cookies would drop) plus the site key, so the server can hold both to this site.
// Tokens age (src/identity/token-lifetimes.ts): one older than a day is renewed before use, and one the server
// refuses (expired, from an older version, or its visitor gone) is replaced by a new visitor's, once.
import type * as z from "zod/mini";
import * as zm from "zod/mini";
import { ApiError, type ApiRequestOptions, apiRequest } from "../shared/api.ts";
import type { EmbedStorage } from "./embed-storage.ts";

const visitorSchema = zm.looseObject({ token: zm.string() });

/** Header the server reads the site key from (src/sites/embed-guard.ts). */
const siteKeyHeader = "x-edgechat-site-key";

/** A token this old is renewed before use (the server's widget refresh threshold). */
const renewAfterMs = 24 * 60 * 60_000;

/** Calls the API as this site's visitor. */
export type EmbedClient = {
  request<T>(path: string, schema: z.ZodMiniType<T> | null, options?: ApiRequestOptions): Promise<T>;
  /** The visitor token (issued on first use, renewed when old), for the live connection's headers. */
  token(): Promise<string>;
  storage: EmbedStorage;
};

/** When a `vt2.<user>.<site>.<seconds>.<mac>` token was issued (0 for anything else, so it is renewed). */
function issuedAt(token: string): number {
  const seconds = Number(token.split(".")[3]);
  return Number.isFinite(seconds) ? seconds * 1000 : 0;
}

/** The server refused the token itself (not the request): a new visitor is the only way on. */
function refusedToken(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 401 &&
    (error.code === "invalid_token" || error.code === "token_expired")
  );
}

/** A client for the widget of `siteKey`; the first call creates the visitor. */
export function createEmbedClient(siteKey: string, storage: EmbedStorage): EmbedClient {
  let pending: Promise<string> | null = null;
  const forget = () => {
    storage.set("token", null);
    storage.set("conversation", null);
  };
  /** A new visitor's token, or (with `current`) the same visitor's token renewed. */
  const issue = (current: string | null): Promise<string> => {
    pending ??= apiRequest(`/api/embed/${encodeURIComponent(siteKey)}/visitor`, visitorSchema, {
      method: "POST",
      ...(current ? { token: current, headers: { [siteKeyHeader]: siteKey } } : {}),
    }).then(
      (answer) => {
        pending = null;
        storage.set("token", answer.token);
        return answer.token;
      },
      (error: unknown): Promise<string> => {
        pending = null;
        if (current && refusedToken(error)) {
          forget();
          return issue(null);
        }
        throw error;
      },
    );
    return pending;
  };
  const token = async () => {
    const stored = storage.get("token");
    if (!stored) return issue(null);
    return Date.now() - issuedAt(stored) > renewAfterMs ? issue(stored) : stored;
  };
  const call = async <T>(path: string, schema: z.ZodMiniType<T> | null, options: ApiRequestOptions, retry: boolean) => {
    const current = await token();
    try {
      return await apiRequest(path, schema, { ...options, token: current, headers: { [siteKeyHeader]: siteKey } });
    } catch (error) {
      if (retry && refusedToken(error)) {
        forget();
        return call(path, schema, options, false);
      }
      throw error;
    }
  };
  return {
    request: (path, schema, options = {}) => call(path, schema, options, true),
    token,
    storage,
  };
}
