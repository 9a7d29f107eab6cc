// Starts the whole product locally: the upstream simulator plus the Worker in `wrangler dev --local`
// (workerd with D1 and Durable Objects on disk). Used by `npm run dev`, the browser tests and the benchmark.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, type SimulatorOptions, startSimulator } from "../../simulator/server.ts";
import { copyMigratedState } from "./migrated-state.ts";
import { freePort, runWrangler, startWranglerDev } from "./processes.ts";

export { freePort, repoRoot } from "./processes.ts";

export type LocalStackOptions = {
  /** Port of the Worker (default 8787; 0 picks a free one). */
  port?: number;
  /** Where D1 and Durable Object state live (default: a new temporary folder, migrated from a shared template). */
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
  /** wrangler dev's DevTools inspector (profiling: bench/profile.ts). */
  inspectorUrl: string;
  port: number;
  persistTo: string;
  simulator: Simulator | null;
  stop(): Promise<void>;
};

/**
 * The vars that point every provider at the simulator: DeepSeek and one EU GPU server, each under its own
 * label; `pathOptions` (e.g. `tokens=500,ttft=1`) are added to both targets' simulator path options.
 */
export function simulatorVars(simulatorUrl: string, pathOptions = ""): Record<string, string> {
  const options = pathOptions ? `,${pathOptions}` : "";
  return {
    DEEPSEEK_API_KEY: "simulator",
    DEEPSEEK_BASE_URL: `${simulatorUrl}/label=deepseek${options}`,
    GPU_POOL: JSON.stringify([
      {
        id: "sim-gpu-eu",
        url: `${simulatorUrl}/label=gpu-eu,engine=vllm${options}`,
        engine: "vllm",
        region: "eu",
        models: ["deepseek-flash", "deepseek-v4-pro"],
        weight: 1,
      },
    ]),
  };
}

/** Starts simulator + migrations + wrangler dev and resolves when /healthz answers. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const fresh = options.persistTo === undefined;
  const persistTo = options.persistTo ?? mkdtempSync(join(tmpdir(), "edgechat-"));
  const verbose = options.verbose ?? false;
  // legacyModels until the catalog stops sending the retired deepseek-chat / deepseek-reasoner (issue 13).
  const simulatorOptions = { quiet: true, ...options.simulator };
  const simulator = options.simulator === false ? null : await startSimulator(simulatorOptions);
  const port = options.port === 0 ? await freePort() : (options.port ?? 8787);
  const vars: Record<string, string> = {
    DEV_REGION_HEADER: "true",
    ...(simulator ? simulatorVars(simulator.url) : {}),
    ...options.vars,
  };
  try {
    // A given folder may hold an older state: migrate it in place. A new one starts as a copy of migrated state.
    if (fresh) await copyMigratedState(persistTo, verbose);
    else await runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], verbose);
    const worker = await startWranglerDev({ port, persistTo, vars, verbose });
    return {
      url: worker.url,
      inspectorUrl: worker.inspectorUrl,
      port,
      persistTo,
      simulator,
      async stop() {
        await worker.stop();
        await simulator?.close();
      },
    };
  } catch (error) {
    await simulator?.close();
    throw error;
  }
}
