// What scripts/deploy.ts reads from wrangler.toml and the secrets file (pure functions, tested in test/cli).

/** The deployed environments declared in wrangler.toml. */
export const environments = ["staging", "production"] as const;
export type Environment = (typeof environments)[number];

/** Secrets the deploy script makes up when neither the file nor the deployed Worker has them. */
export const generatedSecrets = ["SESSION_SECRET", "ADMIN_TOKEN"] as const;

/** The lines of one `[env.<name>…]` section family of a wrangler.toml (its tables and arrays of tables). */
function environmentBlock(toml: string, environment: Environment): string {
  const lines = toml.split("\n");
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    const header = /^\s*\[\[?([^\]]+)\]\]?\s*$/.exec(line);
    if (header) inside = header[1] === `env.${environment}` || header[1]!.startsWith(`env.${environment}.`);
    if (inside) out.push(line);
  }
  return out.join("\n");
}

/** A quoted string value of `key` in a TOML text (first occurrence, comments ignored). */
function stringValue(block: string, key: string): string | null {
  const match = new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m").exec(block);
  return match?.[1] ?? null;
}

/** What deploying one environment involves, read from wrangler.toml. */
export type EnvironmentConfig = {
  environment: Environment;
  workerName: string;
  databaseName: string;
  /** The `database_id` if the config pins one (then the database must already exist). */
  databaseId: string | null;
  /** Custom domains (routes with custom_domain = true), uncommented. */
  customDomains: string[];
  vars: Record<string, string>;
};

/** Reads an environment's worker name, D1 database, custom domains and vars; throws naming what is missing. */
export function readEnvironment(toml: string, environment: Environment): EnvironmentConfig {
  const block = environmentBlock(toml, environment);
  if (!block) throw new Error(`wrangler.toml has no [env.${environment}] section`);
  const workerName = stringValue(block, "name");
  const databaseName = stringValue(block, "database_name");
  if (!workerName) throw new Error(`[env.${environment}] has no name`);
  if (!databaseName) throw new Error(`[[env.${environment}.d1_databases]] has no database_name`);
  const customDomains = [...block.matchAll(/^\s*routes\s*=\s*\[(.*)\]\s*$/gm)].flatMap((match) =>
    [...(match[1] ?? "").matchAll(/pattern\s*=\s*"([^"]+)"\s*,\s*custom_domain\s*=\s*true/g)].map((route) => route[1]!),
  );
  const varsBlock = /\[env\.[a-z]+\.vars\]\n([\s\S]*?)(?=\n\[|$)/.exec(block)?.[1] ?? "";
  const vars = Object.fromEntries(
    [...varsBlock.matchAll(/^\s*([A-Z_][A-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/gm)].map((match) => [
      match[1]!,
      match[2]!,
    ]),
  );
  return { environment, workerName, databaseName, databaseId: stringValue(block, "database_id"), customDomains, vars };
}

/** Parses a secrets file: JSON `{"NAME":"value"}` or dotenv `NAME=value` lines. Throws on anything else. */
export function parseSecrets(text: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const json: unknown = JSON.parse(trimmed);
    if (typeof json !== "object" || json === null || Array.isArray(json))
      throw new Error("secrets JSON must be an object");
    const entries = Object.entries(json);
    for (const [name, value] of entries) {
      if (typeof value !== "string") throw new Error(`secret ${name} must be a string`);
    }
    return Object.fromEntries(entries) as Record<string, string>;
  }
  const secrets: Record<string, string> = {};
  for (const [index, raw] of trimmed.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([A-Z_][A-Z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`secrets file line ${index + 1} is not NAME=value`);
    secrets[match[1]!] = match[2]!.replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
  }
  return secrets;
}

/** What an operator still has to configure for a complete deployment, in plain words. */
export function unconfigured(config: EnvironmentConfig, secrets: ReadonlySet<string>): string[] {
  const missing: string[] = [];
  // Some of these (ACCESS_*, TURNSTILE_SITE_KEY) are not secret and may be plain vars instead.
  const secretNames = { has: (name: string) => secrets.has(name) || Boolean(config.vars[name]) };
  const gpuPool = (config.vars.GPU_POOL ?? "[]").trim();
  const hasGpus = gpuPool !== "" && gpuPool !== "[]";
  if (!secretNames.has("DEEPSEEK_API_KEY")) {
    missing.push(
      hasGpus
        ? "DEEPSEEK_API_KEY (optional: the DeepSeek API as a fallback; GPU servers and Workers AI answer without it)"
        : "DEEPSEEK_API_KEY (without it only Workers AI answers; see docs/deploy.md)",
    );
  }
  if (!hasGpus) missing.push("GPU_POOL in wrangler.toml (optional: your own vLLM/SGLang servers, docs/deploy.md)");
  if (hasGpus && !secretNames.has("GPU_POOL_API_KEY"))
    missing.push("GPU_POOL_API_KEY (the API key your GPU servers expect)");
  if (!secretNames.has("ACCESS_TEAM_DOMAIN") || !secretNames.has("ACCESS_AUD")) {
    missing.push(
      "ACCESS_TEAM_DOMAIN / ACCESS_AUD (optional: Cloudflare Access in front of /admin; the admin token works without)",
    );
  }
  if (!secretNames.has("TURNSTILE_SITE_KEY") || !secretNames.has("TURNSTILE_SECRET_KEY")) {
    missing.push("TURNSTILE_SITE_KEY / TURNSTILE_SECRET_KEY (optional: a bot check on a new visitor's first message)");
  }
  if (config.customDomains.length === 0) {
    missing.push(`a custom domain (optional: uncomment routes in [env.${config.environment}] of wrangler.toml)`);
  }
  return missing;
}

/** The https URLs wrangler printed for a deployment (workers.dev and custom domains), deduplicated. */
export function deployedUrls(output: string): string[] {
  return [...new Set([...output.matchAll(/https:\/\/[a-z0-9.-]+[a-z0-9]/gi)].map((match) => match[0]))].filter(
    (url) => !url.includes("developers.cloudflare.com") && !url.includes("dash.cloudflare.com"),
  );
}
