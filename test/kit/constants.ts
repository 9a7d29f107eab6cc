// Values many tests share, written once: the ones the test bindings configure (test/kit/test-bindings.ts) and
// the ones every browser test's stack runs with.

/** The Worker's origin in workerd tests (requests reach the Worker directly, so any host would do). */
export const workerOrigin = "http://edgechat.test";

/** ADMIN_TOKEN of the workers project. */
export const adminToken = "test-admin-token";

/** Headers of an operator's JSON call to the admin API in the workers project. */
export const adminHeaders = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };

/** The upstream keys the test bindings configure (a test checks that none of them leaks). */
export const upstreamKeys = { deepseek: "sk-test-deepseek", gpuPool: "gpu-test-key" };

/** The catalog models every test GPU server serves. */
export const servedModels = ["deepseek-flash", "deepseek-v4-pro"];

/** SESSION_SECRET of every browser test's local stack. */
export const e2eSessionSecret = "e2e-session-secret-0123456789abcdef";
