import type { AppConfig } from "./config/config.ts";
import type { Region } from "./lib/region.ts";

// Region lives in a leaf module so the inference layer's vocabulary can name it without importing env.ts
// (which names AppConfig, whose parser imports the routing policy: a cycle).
export type { Region } from "./lib/region.ts";

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
