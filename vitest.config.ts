import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { testBindings } from "./test/kit/test-bindings.ts";

/**
 * Two projects:
 * - `workers`: the Worker's tests, inside workerd (real D1 and Durable Objects through miniflare),
 *   talking over loopback to the upstream simulator started by test/global-setup.ts;
 * - `node`: the simulator's own tests and the browser tests (Chromium against `wrangler dev`).
 */
export default defineConfig({
  test: {
    // Request logs of passing tests are noise in CI; a failing test still prints its console output.
    silent: "passed-only",
    projects: [
      {
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            remoteBindings: false,
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
                ...testBindings(inject<string>("simulatorUrl")),
                // Turnstile stays off unless a test turns it on; then it verifies against this local stand-in.
                TURNSTILE_STAND_IN_URL: inject<string>("turnstileVerifyUrl"),
                // A site owner's own server (pages for the knowledge base, a hand-off webhook receiver).
                OWNER_SITE_URL: inject<string>("ownerSiteUrl"),
              },
              // Workers AI cannot run locally (the AI binding throws "needs to be run remotely"): inference tests
              // pass this double, which answers in Workers AI's format over RPC, as their AI binding.
              // Vectorize cannot run locally either: knowledge tests pass this in-memory index as VECTORIZE.
              serviceBindings: {
                WORKERS_AI_DOUBLE: { name: "workers-ai-double" },
                VECTORIZE_DOUBLE: { name: "vectorize-double" },
                VECTORIZE_FAILING: { name: "vectorize-double", entrypoint: "FailingVectorize" },
                VECTORIZE_SLOW: { name: "vectorize-double", entrypoint: "SlowVectorize" },
              },
              workers: [
                {
                  name: "vectorize-double",
                  modules: true,
                  scriptPath: "./test/fixtures/vectorize-double.js",
                  compatibilityDate: "2026-11-01",
                },
                {
                  name: "workers-ai-double",
                  modules: true,
                  scriptPath: "./test/fixtures/workers-ai-double.js",
                  compatibilityDate: "2026-11-01",
                },
              ],
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/worker/**/*.test.ts", "src/**/*.test.ts"],
          globalSetup: [
            "./test/global-setup.ts",
            "./test/kit/stand-ins/turnstile-setup.ts",
            "./test/kit/stand-ins/owner-site-setup.ts",
          ],
          setupFiles: ["./test/apply-migrations.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "node",
          include: [
            "test/simulator/**/*.test.ts",
            "test/live/**/*.test.ts",
            "test/e2e/**/*.test.ts",
            "test/cli/**/*.test.ts",
          ],
          environment: "node",
          // The browser and CLI tests wait on wrangler dev, Chromium and the simulator at once: on a loaded 2-core
          // machine the 1 s default of expect.poll failed tests whose page was right, a second later.
          expect: { poll: { timeout: 10_000 } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
