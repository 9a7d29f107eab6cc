import type { AppConfig } from "./config/config.ts";

/** Where the visitor is, from Cloudflare's `request.cf` (or `x-dev-country` in local dev). */
export type Region = {
  /** ISO 3166-1 alpha-2, upper case; null when unknown (e.g. local dev without the header). */
  country: string | null;
  /** Cloudflare continent code (EU, NA, SA, AS, AF, OC, AN); null when unknown. */
  continent: string | null;
};

export type AppVariables = {
  requestId: string;
  config: AppConfig;
  region: Region;
};

/** The Hono environment of every sub-app: generated bindings plus our context variables. */
export type AppEnv = { Bindings: Env; Variables: AppVariables };
