import { env } from "cloudflare:workers";
import { type AppConfig, ConfigError, loadConfig } from "../../../src/config/config.ts";
import type { Region } from "../../../src/env.ts";
import type { InferenceContext, InferenceEvent } from "../../../src/inference/index.ts";
import { servedModels } from "../constants.ts";
import { sseEvents } from "../sse.ts";

export const US: Region = { country: "US", continent: "NA" };
export const DE: Region = { country: "DE", continent: "EU" };

/** A label no other test uses, so simulator stats can be read per test even with files running in parallel. */
export function uniqueLabel(name: string): string {
  return `${name}-${crypto.randomUUID().slice(0, 8)}`;
}

/** The simulator base URL for a label and optional extra options (`fault=500`, `ttft=50`...). */
export function simulator(label: string, options = ""): string {
  return `${env.SIMULATOR_URL}/label=${label}${options ? `,${options}` : ""}`;
}

/**
 * One GPU server entry for GPU_POOL. GPU servers are vLLM servers: a simulator URL gets the simulator's vLLM
 * dialect (`engine=vllm`) unless it names another engine.
 */
export function gpu(id: string, url: string, region = "eu", extra: Record<string, unknown> = {}) {
  const vllmUrl = url.includes("/label=") && !url.includes("engine=") ? `${url},engine=vllm` : url;
  return {
    id,
    url: vllmUrl,
    region,
    engine: "vllm",
    models: servedModels,
    weight: 1,
    ...extra,
  };
}

/** AppConfig from the test bindings with some variables replaced (tests keep breakers out unless they test them). */
export function configWith(variables: Record<string, string>, policy: Record<string, unknown> = {}): AppConfig {
  const quietBreaker = { breaker: { failureThreshold: 1000 } };
  const config = loadConfig({
    ...env,
    ...variables,
    ROUTING_POLICY: JSON.stringify({ ...quietBreaker, ...policy }),
  });
  if (config instanceof ConfigError) throw config;
  return config;
}

/**
 * One self-hosted server speaking `engine` (the simulator's dialect of that name, with path `options`) as the only
 * target of the free plan, and the simulator label its requests are counted under.
 */
export function selfHostedOnly(engine: "sglang" | "vllm", options = "", policy: Record<string, unknown> = {}) {
  const label = uniqueLabel(engine);
  const url = simulator(label, options ? `engine=${engine},${options}` : `engine=${engine}`);
  const config = configWith({ GPU_POOL: JSON.stringify([gpu(`gpu-${engine}`, url, "eu", { engine })]) }, policy);
  return { label, context: contextFor(config) };
}

/** An inference context whose background work the test can wait for; no Workers AI unless given. */
export function contextFor(config: AppConfig, ai?: unknown): InferenceContext & { settled(): Promise<void> } {
  const background: Promise<unknown>[] = [];
  return {
    env: { ...env, AI: ai } as Env,
    config,
    waitUntil: (promise) => {
      background.push(promise.catch(() => undefined));
    },
    settled: async () => {
      await Promise.all(background);
    },
  };
}

/** Every event of a stream. */
export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

/** The answer text and reasoning of a list of events. */
export function textOf(events: InferenceEvent[]): { text: string; reasoning: string } {
  let text = "";
  let reasoning = "";
  for (const event of events) {
    if (event.type === "text-delta") text += event.text;
    if (event.type === "reasoning-delta") reasoning += event.text;
  }
  return { text, reasoning };
}

type LabelStats = { requests: number; aborted: number; completed: number };

/** The simulator's counters for one label (zeros when it was never called). */
export async function statsFor(label: string): Promise<LabelStats> {
  const response = await fetch(`${env.SIMULATOR_URL}/__stats`);
  const stats = await response.json<{ byLabel: Record<string, LabelStats> }>();
  return stats.byLabel[label] ?? { requests: 0, aborted: 0, completed: 0 };
}

/** Waits until `check` passes or the time is up (for effects that land after a response, like an abort). */
export async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

/** Joins the content and reasoning_content deltas of an OpenAI SSE body. */
export function openAiDeltas(sse: string): { content: string; reasoning: string } {
  let content = "";
  let reasoning = "";
  for (const chunk of sseEvents<{ choices?: Array<{ delta?: Record<string, string | null> }> }>(sse)) {
    const delta = chunk.choices?.[0]?.delta ?? {};
    content += delta.content ?? "";
    reasoning += delta.reasoning_content ?? "";
  }
  return { content, reasoning };
}
