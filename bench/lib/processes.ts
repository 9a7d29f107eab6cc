// Child processes the benchmark runs beside the gateway: the simulator (its own process, so that the load
// generator in this process never shares an event loop with the upstream) and the floor worker.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, repoRoot } from "../../scripts/lib/local-stack.ts";

/** A child process serving HTTP on loopback. */
export type RunningServer = { url: string; stop(): Promise<void> };

/** Starts `simulator/main.ts` in its own Node process on a free loopback port. */
export async function startSimulatorProcess(): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["simulator/main.ts", "--port", String(port), "--quiet"], {
    cwd: repoRoot,
    stdio: "pipe",
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${url}/__stats`, child, 20_000);
  return { url, stop: () => stopChild(child) };
}

/** Starts the bare pass-through worker (bench/floor-worker) in `wrangler dev --local`, forwarding to `upstreamUrl`. */
export async function startFloorWorker(upstreamUrl: string): Promise<RunningServer> {
  const port = await freePort();
  const persistTo = mkdtempSync(join(tmpdir(), "edgechat-floor-"));
  const args = [
    "dev",
    "--local",
    "-c",
    "bench/floor-worker/wrangler.toml",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    persistTo,
    "--inspector-port",
    String(await freePort()),
    "--show-interactive-dev-session=false",
    "--var",
    `UPSTREAM_URL:${upstreamUrl}`,
  ];
  const child = spawn(join(repoRoot, "node_modules", ".bin", "wrangler"), args, {
    cwd: repoRoot,
    stdio: "pipe",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${url}/healthz`, child, 60_000);
  return {
    url,
    async stop() {
      await stopChild(child);
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(probe: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`child exited (${child.exitCode}):\n${output}`);
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
