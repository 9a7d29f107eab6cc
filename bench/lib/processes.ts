// Child processes the benchmark runs beside the gateway: the simulator (its own process, so that the load
// generator in this process never shares an event loop with the upstream) and the floor worker.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  freePort,
  type RunningServer,
  repoRoot,
  startWranglerDev,
  stopChild,
  waitUntilReady,
} from "../../scripts/lib/processes.ts";

export type { RunningServer } from "../../scripts/lib/processes.ts";

/** Starts `simulator/main.ts` in its own Node process on a free loopback port. */
export async function startSimulatorProcess(): Promise<RunningServer> {
  const port = await freePort();
  // The floor and minimal workers forward the bench's bodies untouched, and those name deepseek-chat and
  // deepseek-reasoner (the gateway maps them to deepseek-flash with thinking off or on): the simulator answers the
  // retired names the same way, so every target gets the same answer.
  const args = ["simulator/main.ts", "--port", String(port), "--quiet", "--legacy-models"];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: "pipe",
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${url}/__stats`, child, 20_000);
  return { url, stop: () => stopChild(child) };
}

/** Starts the bare pass-through worker (bench/floor-worker) in `wrangler dev --local`, forwarding to `upstreamUrl`. */
export function startFloorWorker(upstreamUrl: string): Promise<RunningServer> {
  return startBenchWorker("bench/floor-worker/wrangler.toml", { UPSTREAM_URL: upstreamUrl });
}

/** Another Worker of the benchmark (floor, minimal gateway, reference gateway) in its own `wrangler dev`. */
export async function startBenchWorker(configPath: string, vars: Record<string, string>): Promise<RunningServer> {
  const persistTo = mkdtempSync(join(tmpdir(), "edgechat-bench-worker-"));
  const worker = await startWranglerDev({ configPath, port: await freePort(), persistTo, vars, verbose: false });
  return {
    url: worker.url,
    async stop() {
      await worker.stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
