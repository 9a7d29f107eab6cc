// Child processes on loopback for local runs, tests and the benchmark: wrangler dev, readiness, clean stops.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A child process serving HTTP on loopback. */
export type RunningServer = { url: string; stop(): Promise<void> };

export type WranglerDevOptions = {
  /** A wrangler config other than ./wrangler.toml (e.g. the benchmark's floor worker). */
  configPath?: string;
  port: number;
  persistTo: string;
  vars: Record<string, string>;
  verbose: boolean;
};

/** Runs one wrangler command (its own process group, no metrics) from the repository root. */
export function spawnWrangler(args: string[], verbose: boolean): ChildProcess {
  return spawn(join(repoRoot, "node_modules", ".bin", "wrangler"), args, {
    cwd: repoRoot,
    stdio: verbose ? "inherit" : "pipe",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    detached: true,
  });
}

/** Runs a wrangler command to completion; rejects with its output when it fails. */
export function runWrangler(args: string[], verbose: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnWrangler(args, verbose);
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wrangler ${args[0]} failed:\n${output}`))));
  });
}

/** A running `wrangler dev`, with the address of its DevTools inspector (see bench/profile.ts). */
export type WranglerDev = RunningServer & { inspectorUrl: string };

/** `wrangler dev --local` on loopback; resolves once `/healthz` answers, and stops its whole process group. */
export async function startWranglerDev(options: WranglerDevOptions): Promise<WranglerDev> {
  const inspectorPort = await freePort();
  const args = [
    "dev",
    "--local",
    ...(options.configPath ? ["-c", options.configPath] : []),
    "--ip",
    "127.0.0.1",
    "--port",
    String(options.port),
    "--persist-to",
    options.persistTo,
    "--inspector-port",
    String(inspectorPort),
    "--show-interactive-dev-session=false",
    ...Object.entries(options.vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
  ];
  const child = spawnWrangler(args, options.verbose);
  const url = `http://127.0.0.1:${options.port}`;
  await waitUntilReady(`${url}/healthz`, child, 60_000);
  return { url, inspectorUrl: `http://127.0.0.1:${inspectorPort}`, stop: () => stopChild(child) };
}

/** Polls `probe` until it answers 2xx; if the child exits or time runs out, stops it and throws with its output. */
export async function waitUntilReady(probe: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${probe}: process exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(probe);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopChild(child);
  throw new Error(`${probe} did not answer within ${timeoutMs} ms:\n${output}`);
}

/** Stops a detached child and its process group: SIGTERM, then SIGKILL after 5 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (child.exitCode !== null || pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const signalGroup = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      signalGroup("SIGKILL");
      resolve();
    }, 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup("SIGTERM");
  });
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
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
