// Portkey's open-source AI gateway (@portkey-ai/gateway, MIT) as a Worker, for bench/reference-gateway.ts: the
// gateway issue 6 names as its throughput reference ("reaches 0.9× the bare pass-through on this machine").
// npm ships only its Node build (one bundle that starts a Node server at the end); this takes its Hono app out of
// that bundle, drops the Node-only imports (server, websockets, redis), and runs it in `wrangler dev` with the
// same topology as the floor (static assets with run_worker_first), so that all three sit behind the same router.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../scripts/lib/processes.ts";

export const portkeyVersion = "1.15.2";

/** Where the prepared Worker lives (reused across runs; delete it to prepare again). */
export const portkeyDir = join(repoRoot, "node_modules", ".cache", `edgechat-bench-portkey-${portkeyVersion}`);

/** The bundle's own line that starts the Node server: everything from it on is cut. */
const serverStart = "const Fu=process.argv.slice(2)";

/** Node-only imports of the bundle and what stands in for them (none of them is used on workerd). */
const nodeOnly: Array<[string, string]> = [
  ['import{serve as e}from"@hono/node-server";', ""],
  ['import y from"ioredis";', "const y=class{};"],
  ['import{createNodeWebSocket as k}from"@hono/node-ws";', "const k=()=>({});"],
  ['import v from"ws";', "const v=class{};"],
  ['import{Agent as u}from"https";', "const u=class{};"],
  ['import*as g from"fs/promises";', "const g={};"],
];

/** Packages of Portkey's package.json that its Worker does not need. */
const notForWorkers = new Set([
  "@hono/node-server",
  "@hono/node-ws",
  "ioredis",
  "ws",
  "patch-package",
  "@types/mustache",
]);

/** Downloads and prepares Portkey's Worker once (npm registry only); returns its wrangler config path. */
export function preparePortkeyWorker(): string {
  const config = join(portkeyDir, "wrangler.toml");
  if (existsSync(config)) return config;
  rmSync(portkeyDir, { recursive: true, force: true });
  mkdirSync(portkeyDir, { recursive: true });
  const npm = (args: string[]) => execFileSync("npm", args, { cwd: portkeyDir, stdio: "pipe" }).toString().trim();
  const tarball =
    npm(["pack", `@portkey-ai/gateway@${portkeyVersion}`, "--silent"])
      .split("\n")
      .pop() ?? "";
  execFileSync("tar", ["xzf", tarball], { cwd: portkeyDir });
  const pkg = JSON.parse(readFileSync(join(portkeyDir, "package", "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  let bundle = readFileSync(join(portkeyDir, "package", "build", "start-server.js"), "utf8");
  const cut = bundle.indexOf(serverStart);
  if (cut < 0) throw new Error(`Portkey ${portkeyVersion}: the server start was not found; update portkey-worker.ts`);
  bundle = bundle.slice(bundle.indexOf("\n") + 1, cut);
  for (const [from, to] of nodeOnly) {
    if (!bundle.includes(from)) throw new Error(`Portkey ${portkeyVersion}: import not found: ${from}`);
    bundle = bundle.replace(from, to);
  }
  // `Lu` is the bundle's Hono app. /healthz is the harness's readiness probe, as in the floor worker.
  bundle += `
export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/healthz") return new Response("ok");
    return Lu.fetch(request, env, ctx);
  },
};
`;
  writeFileSync(join(portkeyDir, "index.js"), bundle);
  const dependencies = Object.fromEntries(
    Object.entries(pkg.dependencies).filter(([name]) => !notForWorkers.has(name)),
  );
  writeFileSync(join(portkeyDir, "package.json"), JSON.stringify({ private: true, type: "module", dependencies }));
  npm(["install", "--no-audit", "--no-fund", "--ignore-scripts", "--silent"]);
  writeFileSync(
    config,
    `name = "portkey-reference"
main = "index.js"
compatibility_date = "2026-11-01"
compatibility_flags = ["nodejs_compat"]

# The same topology as the gateway and the floor: the asset router runs in front of the Worker.
[assets]
directory = "${join(repoRoot, "public")}"
binding = "ASSETS"
run_worker_first = true
`,
  );
  return config;
}
