import { env } from "cloudflare:workers";

/**
 * The catalog models the format tests use: the ids (or documented aliases) for the same model with thinking off
 * and on. Both names keep working whichever catalog is in force, so the tests do not depend on it.
 */
export const plainModel = "deepseek-chat";
export const thinkingModel = "deepseek-reasoner";

/** A GPU_POOL entry on the simulator serving what the test bindings' server serves (catalog ids, not aliases). */
export function gpuServer(id: string, url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const [first] = JSON.parse(env.GPU_POOL) as Array<{ models: unknown }>;
  return { id, url, region: "eu", models: first?.models, weight: 1, ...extra };
}
