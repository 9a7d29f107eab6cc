// The gateway as every benchmark script runs it: the Worker in `wrangler dev --local`, both providers on the
// simulator, and a partner key whose limits are far above the load (the limiter runs but never refuses).
import { type LocalStack, simulatorVars, startLocalStack } from "../../scripts/lib/local-stack.ts";
import type { Target } from "./stream-timing.ts";

/**
 * The answer every benchmark target asks the simulator for: 500 answer tokens (500 reasoning more for
 * deepseek-reasoner), written one token per write (ttft=1 turns on per-token pacing with no delay between).
 */
export const UPSTREAM_OPTIONS = "tokens=500,reasoning=500,ttft=1";

/** The same answer written all at once (no pacing: the simulator sends the whole stream in one write). */
export const BURST_UPSTREAM_OPTIONS = "tokens=500,reasoning=500";

export const ADMIN_TOKEN = "bench-admin-token";
const SESSION_SECRET = "bench-session-secret-0123456789abcdef";

/** The gateway's vars: DeepSeek and one self-hosted server on the simulator, as `npm run dev` has them. */
export function gatewayVars(simulatorUrl: string, upstreamOptions: string): Record<string, string> {
  return { ADMIN_TOKEN, SESSION_SECRET, ...simulatorVars(simulatorUrl, upstreamOptions) };
}

/**
 * The vars that send the partner plan to one self-hosted server speaking `engine` (the simulator's dialect of that
 * name) instead of DeepSeek.
 */
function selfHostedVars(simulatorUrl: string, upstreamOptions: string, engine: string): Record<string, string> {
  const server = {
    id: `sim-${engine}`,
    url: `${simulatorUrl}/label=gpu-${engine},engine=${engine},${upstreamOptions}`,
    engine,
    region: "us",
    models: ["deepseek-flash", "deepseek-v4-pro"],
    weight: 1,
  };
  return {
    GPU_POOL: JSON.stringify([server]),
    ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["self-hosted"] } } }),
  };
}

/**
 * Starts the gateway on a free port (with `persistTo`, on existing local D1 / Durable Object state); with
 * `engine`, partner keys are answered by one simulated self-hosted server of that engine (`sglang`, `vllm`).
 */
export function startBenchGateway(
  simulatorUrl: string,
  upstreamOptions: string,
  options: { persistTo?: string; verbose?: boolean; engine?: string } = {},
): Promise<LocalStack> {
  const { engine, ...stack } = options;
  const vars = {
    ...gatewayVars(simulatorUrl, upstreamOptions),
    ...(engine ? selfHostedVars(simulatorUrl, upstreamOptions, engine) : {}),
  };
  return startLocalStack({ port: 0, simulator: false, ...stack, vars });
}

/**
 * Creates a partner key through the admin API (null when that API is not there yet). Its limits are far above
 * what the bench sends, so they never refuse, yet the limiter runs on every request as for a real partner.
 */
export async function createApiKey(baseUrl: string): Promise<string | null> {
  const response = await fetch(`${baseUrl}/admin/api/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench", plan: "partner", rpm: 1_000_000, tpm: 1_000_000_000 }),
  }).catch(() => null);
  const body: unknown = await response?.json().catch(() => null);
  return typeof body === "object" && body !== null && "key" in body && typeof body.key === "string" ? body.key : null;
}

/** createApiKey for scripts that cannot go on without one. */
export async function requireApiKey(baseUrl: string): Promise<string> {
  const key = await createApiKey(baseUrl);
  if (key === null) throw new Error(`could not create an API key at ${baseUrl}/admin/api/keys`);
  return key;
}

/** The gateway's `/v1/chat/completions` as a timing target, with the key and a US visitor. */
export function gatewayTarget(gateway: Pick<LocalStack, "url">, apiKey: string): Target {
  return {
    name: "gateway",
    url: `${gateway.url}/v1/chat/completions`,
    headers: { authorization: `Bearer ${apiKey}`, "x-dev-country": "US" },
  };
}
