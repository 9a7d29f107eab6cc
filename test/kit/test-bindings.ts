import { adminToken, servedModels, upstreamKeys } from "./constants.ts";

/**
 * Bindings every Worker test runs with: the DeepSeek provider and an EU GPU server both point at the
 * simulator (with a label so tests can tell who was called), the dev region header is on.
 */
export function testBindings(simulatorUrl: string): Record<string, string> {
  return {
    SIMULATOR_URL: simulatorUrl,
    DEEPSEEK_API_KEY: upstreamKeys.deepseek,
    DEEPSEEK_BASE_URL: `${simulatorUrl}/label=deepseek`,
    GPU_POOL: JSON.stringify([
      {
        id: "gpu-eu-1",
        url: `${simulatorUrl}/label=gpu-eu-1,engine=vllm`,
        engine: "vllm",
        region: "eu",
        models: servedModels,
        weight: 1,
      },
    ]),
    GPU_POOL_API_KEY: upstreamKeys.gpuPool,
    ADMIN_TOKEN: adminToken,
    SESSION_SECRET: "test-session-secret-0123456789abcdef",
    DEV_REGION_HEADER: "true",
    ROUTING_POLICY: "",
  };
}
