// `npm run dev`: the chat site and API on http://localhost:8787 with local D1 and Durable Objects.
// With no real provider in .dev.vars (DEEPSEEK_API_KEY or GPU_POOL), the upstream simulator answers.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, startLocalStack } from "./lib/local-stack.ts";

function devVars(): Record<string, string> {
  const file = join(repoRoot, ".dev.vars");
  if (!existsSync(file)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined && match[2] !== "") vars[match[1]] = match[2];
  }
  return vars;
}

const vars = devVars();
const realProvider = Boolean(vars.DEEPSEEK_API_KEY) || (vars.GPU_POOL !== undefined && vars.GPU_POOL !== "[]");
/**
 * A secret kept under .wrangler/ (gitignored) so a fresh clone works without .dev.vars, and visitor
 * cookies and the admin token survive restarts of the dev server.
 */
function localSecret(name: string): string {
  const folder = join(repoRoot, ".wrangler");
  const file = join(folder, `dev-${name}`);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(folder, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const localVars: Record<string, string> = {};
if (!vars.SESSION_SECRET) localVars.SESSION_SECRET = localSecret("session-secret");
if (!vars.ADMIN_TOKEN) localVars.ADMIN_TOKEN = localSecret("admin-token");

const port = Number(process.env.PORT ?? 8787);
const stack = await startLocalStack({
  port,
  persistTo: join(repoRoot, ".wrangler", "state"),
  simulator: realProvider ? false : { port: Number(process.env.SIMULATOR_PORT ?? 8788) },
  vars: localVars,
  verbose: true,
});
console.log(`\nedgechat is running on http://localhost:${stack.port}`);
console.log(
  stack.simulator ? `answers come from the simulator on ${stack.simulator.url}` : "using the providers in .dev.vars",
);
if (localVars.ADMIN_TOKEN) {
  console.log(`local admin token (also in .wrangler/dev-admin-token): ${localVars.ADMIN_TOKEN}`);
  console.log(
    `  e.g. ADMIN_TOKEN=$(cat .wrangler/dev-admin-token) npm run admin -- keys create --name test --plan partner`,
  );
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void stack.stop().then(() => process.exit(0));
  });
}
