import { log } from "../../lib/log.ts";
import type { InferenceContext, RouteTarget } from "../types.ts";

/**
 * How long a slot is held at most when its isolate never gives it back: longer than any answer is allowed to
 * take (timeouts.completionMs is 5 minutes by default; a long reasoning stream may run past it).
 */
const SLOT_TTL_MS = 15 * 60_000;

/**
 * Takes a slot of the target's provider account when its policy sets `maxConcurrency` (one Durable Object call;
 * none otherwise): the release function, or null when the account is at its limit (the next target answers
 * instead of earning the provider's 429). Without a limit, or without the binding, it never refuses.
 */
export async function acquireProviderSlot(
  context: InferenceContext,
  target: RouteTarget,
): Promise<(() => void) | null> {
  const limit = providerLimit(context, target);
  const gates = context.env.CONCURRENCY_GATE;
  if (limit === undefined || !gates) return () => undefined;
  const gate = gates.getByName(target.id);
  let slot: string | null;
  try {
    slot = await gate.acquire(limit, SLOT_TTL_MS);
  } catch (error) {
    // Counting must not become an outage: without the gate the provider's own limit still applies.
    log.warn("concurrency_gate_unavailable", { target: target.id, error: String(error) });
    return () => undefined;
  }
  if (slot === null) return null;
  const id = slot;
  let released = false;
  return function releaseProviderSlot() {
    if (released) return;
    released = true;
    context.waitUntil(gate.release(id).catch(() => undefined));
  };
}

function providerLimit(context: InferenceContext, target: RouteTarget): number | undefined {
  const providers = context.config.routingPolicy.providers;
  if (target.provider === "deepseek") return providers.deepseek.maxConcurrency;
  if (target.provider === "workers-ai") return providers["workers-ai"].maxConcurrency;
  return undefined;
}
