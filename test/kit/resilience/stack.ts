// A real gateway for the resilience suites: the simulator (in this process, so a test can kill it) plus the
// Worker in `wrangler dev --local`, with providers pointed at the simulator with per-suite fault options.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import * as z from "zod";
import { type LocalStack, startLocalStack } from "../../../scripts/lib/local-stack.ts";
import { type Simulator, type SimulatorOptions, startSimulator } from "../../../simulator/server.ts";
import { servedModels } from "../constants.ts";

/** The admin token and session secret every resilience stack runs with. */
export const ADMIN_TOKEN = "resilience-admin-token";
const SESSION_SECRET = "resilience-session-secret-0123456789abcdef";

/** What a suite may change: simulator pacing, path options per provider, and a routing-policy override. */
export type ResilienceStackOptions = {
  simulator?: SimulatorOptions;
  /** Path options for the DeepSeek provider, e.g. "failrate=0.5". */
  deepseek?: string;
  /** Path options for the self-hosted EU server. */
  gpu?: string;
  /** Merged over the default routing policy (ROUTING_POLICY). */
  policy?: Record<string, unknown>;
};

/** A running stack plus the helpers the suites share. */
export type ResilienceStack = Omit<LocalStack, "simulator"> & {
  /** The upstream; `simulator.close()` kills it mid-stream (every connection dropped). */
  simulator: Simulator;
  /** Starts the upstream again on the same port after a test killed it. */
  reviveSimulator(): Promise<void>;
  /** Creates a partner API key through the admin API. */
  createKey(options?: { rpm?: number; tpm?: number }): Promise<{ id: string; key: string }>;
  /** Runs a read-only query against the Worker's local D1; each row is validated by `row`. */
  query<T>(row: z.ZodType<T>, sql: string, ...params: Array<string | number>): T[];
};

/** Starts the simulator in this process (so a test can kill it), then the Worker pointed at it. */
export async function startResilienceStack(options: ResilienceStackOptions = {}): Promise<ResilienceStack> {
  // legacyModels until the catalog stops sending the retired deepseek-chat / deepseek-reasoner (issue 13).
  let simulator = await startSimulator({ port: 0, quiet: true, ...options.simulator });
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      port: 0,
      simulator: false,
      vars: { ADMIN_TOKEN, SESSION_SECRET, DEV_REGION_HEADER: "true", ...providerVars(simulator.url, options) },
    });
  } catch (error) {
    await simulator.close();
    throw error;
  }
  return {
    url: stack.url,
    inspectorUrl: stack.inspectorUrl,
    port: stack.port,
    persistTo: stack.persistTo,
    get simulator() {
      return simulator;
    },
    async reviveSimulator() {
      await simulator.close();
      simulator = await startSimulator({ quiet: true, ...options.simulator, port: simulator.port });
    },
    async stop() {
      await stack.stop();
      await simulator.close();
      rmSync(stack.persistTo, { recursive: true, force: true });
    },
    async createKey(keyOptions = {}) {
      const response = await fetch(`${stack.url}/admin/api/keys`, {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "resilience", plan: "partner", ...keyOptions }),
      });
      const body: unknown = await response.json();
      if (
        response.status !== 201 ||
        typeof body !== "object" ||
        body === null ||
        !("id" in body) ||
        !("key" in body) ||
        typeof body.id !== "string" ||
        typeof body.key !== "string"
      ) {
        throw new Error(`creating a key failed: ${response.status} ${JSON.stringify(body)}`);
      }
      return { id: body.id, key: body.key };
    },
    query<T>(row: z.ZodType<T>, sql: string, ...params: Array<string | number>): T[] {
      const database = new DatabaseSync(d1File(stack.persistTo), { readOnly: true });
      try {
        return z.array(row).parse(database.prepare(sql).all(...params));
      } finally {
        database.close();
      }
    },
  };
}

function providerVars(simulatorUrl: string, options: ResilienceStackOptions): Record<string, string> {
  const withOptions = (label: string, extra: string | undefined) =>
    `${simulatorUrl}/label=${label}${extra ? `,${extra}` : ""}`;
  return {
    DEEPSEEK_API_KEY: "simulator",
    DEEPSEEK_BASE_URL: withOptions("deepseek", options.deepseek),
    GPU_POOL: JSON.stringify([
      {
        id: "sim-gpu-eu",
        // GPU servers are vLLM servers: the simulator's vLLM dialect.
        url: withOptions("gpu-eu", options.gpu ? `engine=vllm,${options.gpu}` : "engine=vllm"),
        region: "eu",
        engine: "vllm",
        models: servedModels,
        weight: 1,
      },
    ]),
    ...(options.policy ? { ROUTING_POLICY: JSON.stringify(options.policy) } : {}),
  };
}

/** The SQLite file behind the local D1 binding (miniflare keeps one per database next to a metadata file). */
function d1File(persistTo: string): string {
  const dir = join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  if (!file) throw new Error(`no D1 database under ${dir}`);
  return join(dir, file);
}
