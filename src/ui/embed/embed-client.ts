// The site API as the widget's iframe calls it: a visitor token as bearer (never a cookie, which a browser
// blocking third-party cookies would drop) plus the site key, so the server can hold both to this site.
import type * as z from "zod/mini";
import * as zm from "zod/mini";
import { ApiError, type ApiRequestOptions, apiRequest } from "../shared/api.ts";
import type { EmbedStorage } from "./embed-storage.ts";

const visitorSchema = zm.looseObject({ token: zm.string() });

/** Header the server reads the site key from (src/sites/embed-guard.ts). */
export const siteKeyHeader = "x-edgechat-site-key";

/** Calls the API as this site's visitor. */
export type EmbedClient = {
  request<T>(path: string, schema: z.ZodMiniType<T> | null, options?: ApiRequestOptions): Promise<T>;
  /** The visitor token (issued on first use), for the live stream's `?token=`. */
  token(): Promise<string>;
  storage: EmbedStorage;
};

/** A client for the widget of `siteKey`; the first call creates the visitor. */
export function createEmbedClient(siteKey: string, storage: EmbedStorage): EmbedClient {
  let pending: Promise<string> | null = null;
  const issue = () => {
    pending ??= apiRequest(`/api/embed/${encodeURIComponent(siteKey)}/visitor`, visitorSchema, { method: "POST" }).then(
      (answer) => {
        storage.set("token", answer.token);
        return answer.token;
      },
      (error: unknown) => {
        pending = null;
        throw error;
      },
    );
    return pending;
  };
  const token = async () => storage.get("token") ?? (await issue());
  const call = async <T>(path: string, schema: z.ZodMiniType<T> | null, options: ApiRequestOptions, retry: boolean) => {
    const current = await token();
    try {
      return await apiRequest(path, schema, { ...options, token: current, headers: { [siteKeyHeader]: siteKey } });
    } catch (error) {
      // A token the server no longer knows (its user was removed): start over as a new visitor, once.
      if (retry && error instanceof ApiError && error.status === 401 && error.code === "invalid_token") {
        storage.set("token", null);
        storage.set("conversation", null);
        pending = null;
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
