// One command from a Cloudflare account to a running edgechat (docs/deploy.md describes each step by hand):
//   npm run deploy -- [--env production|staging] [--secrets secrets.production.json] [--dry-run]
// 1. checks the wrangler login; 2. creates the environment's D1 database if missing (found by name afterwards, so
// no id is written anywhere); 3. applies migrations with --remote; 4. deploys with the secrets file
// (`wrangler deploy --secrets-file`), generating SESSION_SECRET and ADMIN_TOKEN if the Worker has neither;
// 5. prints the URL, the admin sign-in and what is still unconfigured. Every step is idempotent: rerun at will.
// --dry-run runs offline: `wrangler deploy --dry-run` for each environment (or the one given), nothing uploaded.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  deployedUrls,
  type Environment,
  environments,
  generatedSecrets,
  parseSecrets,
  readEnvironment,
  unconfigured,
} from "./lib/deploy-config.ts";
import { repoRoot, spawnWrangler } from "./lib/processes.ts";

/** The result of one wrangler command. */
export type WranglerResult = { code: number; stdout: string; stderr: string };

/** Everything the script touches; tests inject a fake wrangler and an in-memory file system. */
export type DeployIo = {
  wrangler: (args: string[]) => Promise<WranglerResult>;
  readFile: (path: string) => Promise<string | null>;
  /** Writes a private temporary file and returns its path; `remove` deletes it. */
  writeSecretFile: (contents: string) => Promise<{ path: string; remove: () => Promise<void> }>;
  randomSecret: () => string;
  out: (line: string) => void;
  err: (line: string) => void;
};

const usage = `usage: npm run deploy -- [--env production|staging] [--secrets <file>] [--dry-run]

  --env      the wrangler.toml environment (default: production)
  --secrets  JSON {"NAME":"value"} or NAME=value lines (default: secrets.<env>.json if it exists)
  --dry-run  offline: bundle and check every environment (or --env's) with wrangler deploy --dry-run`;

class StepError extends Error {}

/** Runs the deploy; resolves to the process exit code. */
export async function main(argv: string[], io: DeployIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        env: { type: "string" },
        secrets: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(usage);
      return 0;
    }
    if (values.env !== undefined && !environments.includes(values.env as Environment)) {
      io.err(`error: --env must be one of ${environments.join(", ")}\n\n${usage}`);
      return 2;
    }
    const toml = await io.readFile("wrangler.toml");
    if (toml === null) throw new StepError("wrangler.toml not found: run from the repository root");
    if (values["dry-run"]) {
      const targets = values.env ? [values.env as Environment] : [...environments];
      return await dryRun(io, toml, targets);
    }
    return await deploy(io, toml, (values.env as Environment | undefined) ?? "production", values.secrets);
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof TypeError && "code" in error ? 2 : 1;
  }
}

async function dryRun(io: DeployIo, toml: string, targets: Environment[]): Promise<number> {
  for (const environment of targets) {
    const config = readEnvironment(toml, environment);
    io.out(`[${environment}] worker ${config.workerName}, D1 database ${config.databaseName}`);
    const outdir = `.wrangler/dry-run/${environment}`;
    await step(io, `bundle and check (wrangler deploy --dry-run --env ${environment})`, [
      "deploy",
      "--dry-run",
      "--env",
      environment,
      "--outdir",
      outdir,
    ]);
  }
  io.out("dry run passed: nothing was created or uploaded");
  return 0;
}

async function deploy(io: DeployIo, toml: string, environment: Environment, secretsPath: string | undefined) {
  const config = readEnvironment(toml, environment);
  const env = ["--env", environment];
  io.out(`Deploying edgechat to ${environment} (worker ${config.workerName})`);

  const login = await io.wrangler(["whoami"]);
  if (login.code !== 0 || /not authenticated|You are not logged in/i.test(login.stdout + login.stderr)) {
    throw new StepError(
      "wrangler is not logged in: run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID",
    );
  }

  // 2. The database, by name (wrangler resolves database_name to its id at deploy and migration time).
  const list = await step(io, "list D1 databases", ["d1", "list", "--json"]);
  const databases = JSON.parse(list.stdout.slice(list.stdout.indexOf("["))) as Array<{ name: string; uuid: string }>;
  const existing = databases.find((database) => database.name === config.databaseName);
  if (existing) io.out(`✓ D1 database ${config.databaseName} exists (${existing.uuid})`);
  else {
    if (config.databaseId)
      throw new StepError(
        `wrangler.toml pins database_id ${config.databaseId}, but no database ${config.databaseName} exists`,
      );
    await step(io, `create D1 database ${config.databaseName}`, ["d1", "create", config.databaseName]);
    io.out(`✓ created D1 database ${config.databaseName}`);
  }

  // 3. Migrations before the code that needs them.
  const migrated = await step(io, "apply migrations", ["d1", "migrations", "apply", "DB", "--remote", ...env]);
  io.out(/No migrations to apply/i.test(migrated.stdout) ? "✓ migrations: already up to date" : "✓ migrations applied");

  // 4. Secrets: the file's, plus generated ones the Worker does not have yet (secrets are never deleted by a deploy).
  const fileSecrets = await readSecretsFile(
    io,
    secretsPath ?? `secrets.${environment}.json`,
    secretsPath !== undefined,
  );
  const deployed = await deployedSecretNames(io, env);
  const generated: Record<string, string> = {};
  for (const name of generatedSecrets) {
    if (!fileSecrets[name] && !deployed.has(name)) generated[name] = io.randomSecret();
  }
  const secrets = { ...generated, ...fileSecrets };
  const secretFile = await io.writeSecretFile(JSON.stringify(secrets));
  let output: WranglerResult;
  try {
    output = await step(io, "deploy", ["deploy", ...env, "--secrets-file", secretFile.path]);
  } finally {
    await secretFile.remove();
  }
  const urls = deployedUrls(output.stdout);
  const names = new Set([...deployed, ...Object.keys(secrets)]);

  // 5. The summary.
  const url =
    urls.find((candidate) => !candidate.endsWith(".workers.dev")) ?? urls[0] ?? "(see the wrangler output above)";
  io.out("");
  io.out(`✓ deployed: ${urls.length > 0 ? urls.join(", ") : url}`);
  io.out(`  readiness:  ${url}/readyz   liveness: ${url}/healthz`);
  io.out(`  console:    ${url}/admin`);
  if (generated.ADMIN_TOKEN) {
    io.out(`  admin sign-in: this ADMIN_TOKEN was generated and is shown once, store it now: ${generated.ADMIN_TOKEN}`);
  } else if (fileSecrets.ADMIN_TOKEN)
    io.out(`  admin sign-in: the ADMIN_TOKEN in ${secretsPath ?? `secrets.${environment}.json`}`);
  else io.out("  admin sign-in: the ADMIN_TOKEN set on an earlier deploy (rotate: put a new one in the secrets file)");
  if (names.has("ACCESS_TEAM_DOMAIN") || config.vars.ACCESS_TEAM_DOMAIN) io.out("  or through Cloudflare Access");
  const missing = unconfigured(config, names);
  if (missing.length > 0) {
    io.out("  still unconfigured:");
    for (const item of missing) io.out(`    - ${item}`);
  }
  return 0;
}

/** Runs one wrangler command, or throws a StepError with its output. */
async function step(io: DeployIo, what: string, args: string[]): Promise<WranglerResult> {
  const result = await io.wrangler(args);
  if (result.code !== 0) {
    throw new StepError(`${what} failed (wrangler ${args.join(" ")}):\n${(result.stderr || result.stdout).trim()}`);
  }
  return result;
}

async function readSecretsFile(io: DeployIo, path: string, required: boolean): Promise<Record<string, string>> {
  const text = await io.readFile(path);
  if (text === null) {
    if (required) throw new StepError(`secrets file ${path} not found`);
    io.out(`  (no ${path}: deploying without new secrets)`);
    return {};
  }
  const secrets = parseSecrets(text);
  io.out(`✓ secrets from ${path}: ${Object.keys(secrets).join(", ") || "none"}`);
  return secrets;
}

/** Names of the secrets the deployed Worker already has (none before its first deploy). */
async function deployedSecretNames(io: DeployIo, env: string[]): Promise<Set<string>> {
  const result = await io.wrangler(["secret", "list", "--format", "json", ...env]);
  if (result.code !== 0) return new Set();
  try {
    const list = JSON.parse(result.stdout.slice(result.stdout.indexOf("["))) as Array<{ name: string }>;
    return new Set(list.map((secret) => secret.name));
  } catch {
    return new Set();
  }
}

/** Runs wrangler from the repository root, capturing its output (non-interactive: prompts take their defaults). */
function runWrangler(args: string[]): Promise<WranglerResult> {
  return new Promise((resolve) => {
    const child = spawnWrangler(args, false);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.on("error", (error) => resolve({ code: 1, stdout, stderr: String(error) }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const code = await main(process.argv.slice(2), {
    wrangler: runWrangler,
    readFile: (path) => readFile(join(repoRoot, path), "utf8").catch(() => null),
    writeSecretFile: async (contents) => {
      const dir = await mkdtemp(join(tmpdir(), "edgechat-deploy-"));
      const path = join(dir, "secrets.json");
      await writeFile(path, contents, { mode: 0o600 });
      return { path, remove: () => rm(dir, { recursive: true, force: true }) };
    },
    randomSecret: () => randomBytes(32).toString("base64url"),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  process.exit(code);
}
