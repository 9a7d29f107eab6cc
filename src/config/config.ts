import * as z from "zod";
import { defaultModelAliases, modelAliasesSchema } from "../formats/anthropic/model-aliases.ts";
import { parseRoutingPolicy, type RoutingPolicy } from "../inference/routing/policy.ts";
import { log } from "../lib/log.ts";
import { type GpuServer, gpuPoolSchema } from "./gpu-pool.ts";
import { parseRetention, type RetentionPolicy } from "./retention.ts";

/** Everything the Worker reads from its environment, parsed and validated once. */
export type AppConfig = {
  deepseek: { apiKey: string | null; baseUrl: string };
  gpuPool: GpuServer[];
  gpuPoolApiKey: string | null;
  routingPolicy: RoutingPolicy;
  adminToken: string | null;
  sessionSecret: string | null;
  /** SESSION_SECRET_PREVIOUS: still verifies cookies and tokens signed before a rotation (grace period). */
  sessionSecretPrevious: string | null;
  /** Cloudflare Turnstile on a new visitor's first message; null (off) when its keys are unset. */
  turnstile: TurnstileConfig | null;
  /** Only in local dev/tests: `x-dev-country` sets the visitor's region. */
  devRegionHeader: boolean;
  /** How long idle anonymous conversations are kept (scheduled upkeep). */
  retention: RetentionPolicy;
  /** Cloudflare Access in front of /admin (both ACCESS_TEAM_DOMAIN and ACCESS_AUD set), else null. */
  access: AccessConfig | null;
  /** `claude-*` model names on /v1/messages → catalog models (ANTHROPIC_MODEL_ALIASES). */
  anthropicModelAliases: Record<string, string>;
  /**
   * SITE_ORIGIN: the chat site's canonical origin (`https://chat.example.com`). Passkeys are bound to its host
   * name, so they keep working whichever of the Worker's hosts a person used; null: the request's own origin.
   */
  siteOrigin: string | null;
};

/** Where the console's Cloudflare Access assertions come from and whom they must be for. */
export type AccessConfig = {
  /** `https://<team>.cloudflareaccess.com`, the tokens' `iss`. */
  issuer: string;
  /** The Access application's AUD tag. */
  audience: string;
  /** The team's JWKS (`<issuer>/cdn-cgi/access/certs`; ACCESS_CERTS_URL overrides it for local tests). */
  certsUrl: string;
};

/** TURNSTILE_SITE_KEY (public, sent to the page), TURNSTILE_SECRET_KEY and the siteverify URL. */
export type TurnstileConfig = { siteKey: string; secretKey: string; verifyUrl: string };

/** Cloudflare's siteverify endpoint (TURNSTILE_VERIFY_URL overrides it, e.g. for a local stand-in in tests). */
export const defaultTurnstileVerifyUrl = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** A configuration variable that cannot be used; every route answers 503 naming it. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, detail: string) {
    super(`Server misconfigured: ${variable} is invalid (${detail}).`);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

type ConfigSource = Partial<
  Record<
    | "DEEPSEEK_API_KEY"
    | "DEEPSEEK_BASE_URL"
    | "GPU_POOL"
    | "GPU_POOL_API_KEY"
    | "ROUTING_POLICY"
    | "ADMIN_TOKEN"
    | "SESSION_SECRET"
    | "SESSION_SECRET_PREVIOUS"
    | "TURNSTILE_SITE_KEY"
    | "TURNSTILE_SECRET_KEY"
    | "TURNSTILE_VERIFY_URL"
    | "DEV_REGION_HEADER"
    | "RETENTION_DAYS"
    | "ACCESS_TEAM_DOMAIN"
    | "ACCESS_AUD"
    | "ACCESS_CERTS_URL"
    | "ANTHROPIC_MODEL_ALIASES"
    | "SITE_ORIGIN",
    unknown
  >
>;

const cache = new Map<string, AppConfig | ConfigError>();
const loggedFailures = new Set<string>();

/** The variables the configuration is parsed from (the memo key). */
const variables = [
  "DEEPSEEK_API_KEY",
  "DEEPSEEK_BASE_URL",
  "GPU_POOL",
  "GPU_POOL_API_KEY",
  "ROUTING_POLICY",
  "ADMIN_TOKEN",
  "SESSION_SECRET",
  "DEV_REGION_HEADER",
  "SESSION_SECRET_PREVIOUS",
  "TURNSTILE_SITE_KEY",
  "TURNSTILE_SECRET_KEY",
  "TURNSTILE_VERIFY_URL",
  "RETENTION_DAYS",
  "ACCESS_TEAM_DOMAIN",
  "ACCESS_AUD",
  "ACCESS_CERTS_URL",
  "ANTHROPIC_MODEL_ALIASES",
  "SITE_ORIGIN",
] as const;

/**
 * The latest result per env object with the values it was parsed from: the runtime hands every request of an
 * isolate the same env, so a request costs 18 identity comparisons instead of serialising every variable (the
 * routing policy can be kilobytes of JSON) and hashing the result. Values are compared, so an env changed in place
 * is parsed again.
 */
const byEnv = new WeakMap<object, { values: unknown[]; result: AppConfig | ConfigError }>();

/** Parses the environment into AppConfig, or returns the ConfigError that names the bad variable. Memoised. */
export function loadConfig(env: ConfigSource): AppConfig | ConfigError {
  const seen = byEnv.get(env);
  if (seen && variables.every((name, index) => env[name] === seen.values[index])) return seen.result;
  const values = variables.map((name) => env[name]);
  const result = loadConfigFor(env, JSON.stringify(values));
  byEnv.set(env, { values, result });
  return result;
}

function loadConfigFor(env: ConfigSource, key: string): AppConfig | ConfigError {
  const cached = cache.get(key);
  if (cached) return cached;
  let result: AppConfig | ConfigError;
  try {
    result = parse(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    result = error;
    if (!loggedFailures.has(error.message)) {
      loggedFailures.add(error.message);
      log.error("config_invalid", { variable: error.variable, message: error.message });
    }
  }
  if (cache.size > 32) cache.clear();
  cache.set(key, result);
  return result;
}

function optionalString(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function parseJsonVar<T>(variable: string, raw: unknown, schema: z.ZodType<T>, fallback: T): T {
  const text = optionalString(raw);
  if (text === null) return fallback;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(variable, "not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(variable, `${issue?.path.join(".") || "value"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** Turnstile is on only with both keys; one without the other is a mistake worth a 503 naming it. */
function parseTurnstile(env: ConfigSource): TurnstileConfig | null {
  const siteKey = optionalString(env.TURNSTILE_SITE_KEY);
  const secretKey = optionalString(env.TURNSTILE_SECRET_KEY);
  if (siteKey === null && secretKey === null) return null;
  if (siteKey === null) throw new ConfigError("TURNSTILE_SITE_KEY", "TURNSTILE_SECRET_KEY is set without it");
  if (secretKey === null) throw new ConfigError("TURNSTILE_SECRET_KEY", "TURNSTILE_SITE_KEY is set without it");
  const verifyUrl = optionalString(env.TURNSTILE_VERIFY_URL) ?? defaultTurnstileVerifyUrl;
  if (!z.url().safeParse(verifyUrl).success) throw new ConfigError("TURNSTILE_VERIFY_URL", "not a URL");
  return { siteKey, secretKey, verifyUrl };
}

function parse(env: ConfigSource): AppConfig {
  const baseUrl = optionalString(env.DEEPSEEK_BASE_URL) ?? "https://api.deepseek.com";
  if (!z.url().safeParse(baseUrl).success) throw new ConfigError("DEEPSEEK_BASE_URL", "not a URL");
  const gpuPool = parseJsonVar("GPU_POOL", env.GPU_POOL, gpuPoolSchema, []);
  const ids = new Set<string>();
  for (const server of gpuPool) {
    if (ids.has(server.id)) throw new ConfigError("GPU_POOL", `duplicate id ${server.id}`);
    ids.add(server.id);
  }
  let routingPolicy: RoutingPolicy;
  try {
    routingPolicy = parseRoutingPolicy(optionalString(env.ROUTING_POLICY));
  } catch (error) {
    throw new ConfigError("ROUTING_POLICY", error instanceof Error ? error.message : "invalid");
  }
  let retention: RetentionPolicy;
  try {
    retention = parseRetention(optionalString(env.RETENTION_DAYS));
  } catch (error) {
    throw new ConfigError("RETENTION_DAYS", error instanceof Error ? error.message : "invalid");
  }
  return {
    deepseek: { apiKey: optionalString(env.DEEPSEEK_API_KEY), baseUrl: baseUrl.replace(/\/+$/, "") },
    gpuPool,
    gpuPoolApiKey: optionalString(env.GPU_POOL_API_KEY),
    routingPolicy,
    adminToken: optionalString(env.ADMIN_TOKEN),
    sessionSecret: optionalString(env.SESSION_SECRET),
    sessionSecretPrevious: optionalString(env.SESSION_SECRET_PREVIOUS),
    turnstile: parseTurnstile(env),
    devRegionHeader: env.DEV_REGION_HEADER === "true",
    retention,
    access: parseAccess(env),
    anthropicModelAliases: parseJsonVar("ANTHROPIC_MODEL_ALIASES", env.ANTHROPIC_MODEL_ALIASES, modelAliasesSchema, {
      ...defaultModelAliases,
    }),
    siteOrigin: parseSiteOrigin(env.SITE_ORIGIN),
  };
}

/** SITE_ORIGIN in canonical form: an https origin (http only for localhost), nothing after the host. */
function parseSiteOrigin(raw: unknown): string | null {
  const text = optionalString(raw);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError("SITE_ORIGIN", "not a URL");
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    throw new ConfigError("SITE_ORIGIN", "must be https:// (http:// only for localhost)");
  }
  if (url.pathname !== "/" || url.search || url.hash || url.username) {
    throw new ConfigError("SITE_ORIGIN", "an origin only, such as https://chat.example.com");
  }
  return url.origin;
}

/**
 * Both ACCESS_TEAM_DOMAIN (`myteam`, `myteam.cloudflareaccess.com` or its https URL) and ACCESS_AUD, or neither:
 * half a configuration would silently leave the console on the token sign-in.
 */
function parseAccess(env: ConfigSource): AccessConfig | null {
  const team = optionalString(env.ACCESS_TEAM_DOMAIN);
  const audience = optionalString(env.ACCESS_AUD);
  if (team === null && audience === null) return null;
  if (team === null) throw new ConfigError("ACCESS_TEAM_DOMAIN", "required when ACCESS_AUD is set");
  if (audience === null) throw new ConfigError("ACCESS_AUD", "required when ACCESS_TEAM_DOMAIN is set");
  const host = team.replace(/^https:\/\//, "").replace(/\/+$/, "");
  const fullHost = host.includes(".") ? host : `${host}.cloudflareaccess.com`;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(fullHost)) {
    throw new ConfigError("ACCESS_TEAM_DOMAIN", "expected a team name or https://<team>.cloudflareaccess.com");
  }
  const issuer = `https://${fullHost.toLowerCase()}`;
  const certsUrl = optionalString(env.ACCESS_CERTS_URL) ?? `${issuer}/cdn-cgi/access/certs`;
  if (!z.url().safeParse(certsUrl).success) throw new ConfigError("ACCESS_CERTS_URL", "not a URL");
  return { issuer, audience, certsUrl };
}
