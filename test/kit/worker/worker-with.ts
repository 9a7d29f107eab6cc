import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { app } from "../../../src/app.ts";
import { simulator, uniqueLabel } from "./inference.ts";
import { gpuServer } from "./models.ts";

/**
 * A fetch to the Worker with some bindings replaced (for real clients' `fetch` option); each request's metering
 * is awaited before its response is handed back.
 */
export function workerWith(bindings: Partial<Env>): typeof fetch {
  return async (input, init) => {
    const ctx = createExecutionContext();
    const response = await app.request(new Request(input, init), undefined, { ...env, ...bindings }, ctx);
    const body = await response.arrayBuffer();
    await waitOnExecutionContext(ctx);
    return new Response(body, response);
  };
}

/** Only a self-hosted vLLM server (guided decoding: it takes `json_schema` as it is) serves partner keys. */
export function vllmOnly(): Partial<Env> {
  return selfHostedOnlyServer(uniqueLabel("vllm"), "vllm");
}

/** One self-hosted server speaking `engine` (on the simulator, under `label`) as the partner plan's only provider. */
export function selfHostedOnlyServer(label: string, engine: "sglang" | "vllm"): Partial<Env> {
  return {
    GPU_POOL: JSON.stringify([gpuServer(`gpu-${engine}`, simulator(label, `engine=${engine}`), { engine })]),
    ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["self-hosted"] } } }),
  };
}

/** Only DeepSeek serves partner keys (JSON mode: `json_schema` becomes `json_object` plus the schema in the prompt). */
export function deepseekOnly(): Partial<Env> {
  return { GPU_POOL: "[]", ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["deepseek"] } } }) };
}
