// Starts the whole product locally: the upstream simulator plus the Worker in `wrangler dev --local`
// (workerd with D1 and Durable Objects on disk). Used by `npm run dev`, the browser tests and the benchmark.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Simulator, type SimulatorOptions, startSimulator } from "../../simulator/server.ts";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export type LocalStackOptions = {
  /** Port of the Worker (default 8787; 0 picks a free one). */
  port?: number;
  /** Where D1 and Durable Object state live (default: a new temporary folder). */
  persistTo?: string;
  /** Start the simulator and point the providers at it (default true). */
  simulator?: SimulatorOptions | false;
  /** Extra `--var`s for the Worker; they win over the simulator defaults. */
  vars?: Record<string, string>;
  /** Print wrangler's output (default false). */
  verbose?: boolean;
};

export type LocalStack = {
  url: string;
  port: number;
  persistTo: string;
  simulator: Simulator | null;
  stop(): Promise<void>;
};

/** The vars that point every provider at the simulator: DeepSeek and one EU GPU server. */
export function simulatorVars(simulatorUrl: string): Record<string, string> {
  return {
    DEEPSEEK_API_KEY: "simulator",
    DEEPSEEK_BASE_URL: `${simulatorUrl}/label=deepseek`,
    GPU_POOL: JSON.stringify([
      {
        id: "sim-gpu-eu",
        url: `${simulatorUrl}/label=gpu-eu`,
        region: "eu",
        models: ["deepseek-chat", "deepseek-reasoner"],
        weight: 1,
      },
    ]),
  };
}

/** Starts simulator + migrations + wrangler dev and resolves when /healthz answers. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const persistTo = options.persistTo ?? mkdtempSync(join(tmpdir(), "edgechat-"));
  const simulator = options.simulator === false ? null : await startSimulator({ quiet: true, ...options.simulator });
  const port =
    options.port === 0 || options.port === undefined ? (options.port === 0 ? await freePort() : 8787) : options.port;
  const vars: Record<string, string> = {
    DEV_REGION_HEADER: "true",
    ...(simulator ? simulatorVars(simulator.url) : {}),
    ...options.vars,
  };
  await run(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], options.verbose ?? false);
  const args = [
    "dev",
    "--local",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    persistTo,
    "--inspector-port",
    String(await freePort()),
    "--show-interactive-dev-session=false",
    ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
  ];
  const child = spawnWrangler(args, options.verbose ?? false);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    child.kill("SIGTERM");
    await simulator?.close();
    throw error;
  }
  return {
    url,
    port,
    persistTo,
    simulator,
    async stop() {
      await stopChild(child);
      await simulator?.close();
    },
  };
}

function spawnWrangler(args: string[], verbose: boolean): ChildProcess {
  const bin = join(repoRoot, "node_modules", ".bin", "wrangler");
  return spawn(bin, args, {
    cwd: repoRoot,
    stdio: verbose ? "inherit" : "pipe",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    detached: true,
  });
}

function run(args: string[], verbose: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnWrangler(args, verbose);
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wrangler ${args[0]} failed:\n${output}`))));
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  let output = "";
  child.stdout?.on("data", (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr?.on("data", (chunk) => (output = (output + chunk).slice(-4000)));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`wrangler dev did not answer /healthz within ${timeoutMs} ms:\n${output}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      resolve();
    }, 5000);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      resolve();
    }
  });
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
