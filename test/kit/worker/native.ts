import { env } from "cloudflare:workers";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { simulator } from "./inference.ts";
import { gpuServer } from "./models.ts";
import { base } from "./v1.ts";
import { workerWith } from "./worker-with.ts";

/** One request the simulator received. */
export type Recent = { label: string; path: string; endpoint: string; body: Record<string, unknown> };

/** What the simulator was asked under `label`, oldest first. */
export async function requestsTo(label: string): Promise<Recent[]> {
  const response = await fetch(`${env.SIMULATOR_URL}/__stats`);
  const stats = await response.json<{ recent: Recent[] }>();
  return stats.recent.filter((request) => request.label === label);
}

/** DeepSeek (on the simulator, under `label`, with path options such as `fault=drop`) as the partner plan's only provider. */
export function deepseekOnly(label: string, options = ""): Partial<Env> {
  return {
    DEEPSEEK_BASE_URL: simulator(label, options),
    GPU_POOL: "[]",
    ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["deepseek"] } } }),
  };
}

/** DeepSeek under `deepseekLabel` (failing with `options`), then a self-hosted vLLM server under `gpuLabel`. */
export function deepseekThenGpu(deepseekLabel: string, options: string, gpuLabel: string): Partial<Env> {
  return {
    DEEPSEEK_BASE_URL: simulator(deepseekLabel, options),
    GPU_POOL: JSON.stringify([gpuServer("gpu-fallback", simulator(gpuLabel, "engine=vllm"), { engine: "vllm" })]),
    ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["deepseek", "self-hosted"] } } }),
  };
}

/** The Anthropic SDK against the Worker with these bindings, its requests tagged with `requestId`. */
export function anthropicClient(key: string, bindings: Partial<Env>, requestId: string): Anthropic {
  return new Anthropic({
    apiKey: key,
    baseURL: base,
    maxRetries: 0,
    defaultHeaders: { "x-request-id": requestId },
    fetch: workerWith(bindings),
  });
}

/** The openai SDK against the Worker with these bindings, its requests tagged with `requestId`. */
export function openaiClient(key: string, bindings: Partial<Env>, requestId: string): OpenAI {
  return new OpenAI({
    apiKey: key,
    baseURL: `${base}/v1`,
    maxRetries: 0,
    defaultHeaders: { "x-request-id": requestId },
    fetch: workerWith(bindings),
  });
}

/** How many usage rows a request wrote (every upstream answer is metered exactly once). */
export async function usageRowCount(requestId: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT COUNT(*) AS n FROM usage WHERE request_id = ?1 OR request_id LIKE ?1 || '.%'",
  )
    .bind(requestId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The usage columns that must be equal for the same answer in any format. */
export const meteredColumns = [
  "prompt_tokens",
  "completion_tokens",
  "cache_hit_tokens",
  "cache_miss_tokens",
  "cost_micros",
] as const;
