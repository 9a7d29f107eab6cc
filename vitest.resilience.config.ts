import { defineConfig } from "vitest/config";

/**
 * `npm run test:resilience`: the gateway under faults and load. These suites run in Node against the real
 * Worker in `wrangler dev --local` (workerd, local D1 and Durable Objects), not inside the vitest workers pool:
 * - load must be truly concurrent over real sockets (200 streams, a 1,000-request burst), which one test
 *   isolate calling `exports.default.fetch` does not give;
 * - "upstream killed mid-stream" means closing the upstream server's sockets, so the simulator must live in
 *   a process the test controls (this one);
 * - fuzzing must send invalid UTF-8 and oversized bodies as raw bytes, as a real client would;
 * - the assertions on metering read the Worker's local D1 file directly (node:sqlite, read-only).
 * Each file starts its own stack (about 10 s), so files run one at a time; every loop is bounded.
 */
export default defineConfig({
  test: {
    name: "resilience",
    silent: "passed-only",
    include: ["test/resilience/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
