import type { AppConfig } from "./config/config.ts";

/** Where the visitor is, from Cloudflare's `request.cf` (or `x-dev-country` in local dev). */
export type Region = {
  /** ISO 3166-1 alpha-2, upper case; null when unknown (e.g. local dev without the header). */
  country: string | null;
  /** Cloudflare continent code (EU, NA, SA, AS, AF, OC, AN); null when unknown. */
  continent: string | null;
};

/**
 * Context variables, read with `c.get(name)`: Hono's `c.var` builds a new object from all of them on every
 * access (Object.fromEntries), which showed in the /v1 path's CPU profile.
 */
export type AppVariables = {
  requestId: string;
  config: AppConfig;
  region: Region;
};

/** The Hono environment of every sub-app: generated bindings plus our context variables. */
export type AppEnv = { Bindings: Env; Variables: AppVariables };
