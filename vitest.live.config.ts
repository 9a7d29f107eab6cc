import { defineConfig } from "vitest/config";

/**
 * `npm run test:live`: the provider conformance tests (test/live) against the simulator and, when their
 * credentials are set, the real DeepSeek API (DEEPSEEK_API_KEY) and a real vLLM/SGLang server (LIVE_GPU_URL,
 * LIVE_GPU_MODEL, LIVE_GPU_API_KEY). `npm test` runs the same tests against the simulator only.
 */
export default defineConfig({
  test: {
    include: ["test/live/**/*.test.ts"],
    environment: "node",
    env: { EDGECHAT_LIVE: "1" },
    globalSetup: ["./test/live/report-targets.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
