import type { AppConfig } from "../../config/config.ts";
import { rampFactor } from "../health/breaker.ts";
import type { HealthSnapshot, RouteTarget } from "../types.ts";

/**
 * Requests in flight per GPU server, counted in this isolate. The cap is per isolate: a server's own queue
 * limit (vLLM's max-num-seqs) is the hard bound, and its 429/503 answers fail over like any other.
 */
const outstanding = new Map<string, number>();

/** Takes a concurrency slot on a target (GPU servers only); null when the server is at its cap. */
export function acquireSlot(config: AppConfig, target: RouteTarget): (() => void) | null {
  if (target.provider !== "self-hosted") return () => undefined;
  const server = config.gpuPool.find((candidate) => candidate.id === target.id);
  const count = outstanding.get(target.id) ?? 0;
  if (server && count >= server.maxConcurrency) return null;
  outstanding.set(target.id, count + 1);
  let released = false;
  return function releaseSlot() {
    if (released) return;
    released = true;
    outstanding.set(target.id, Math.max(0, (outstanding.get(target.id) ?? 1) - 1));
  };
}

/** Requests this isolate has in flight on a target. */
export function outstandingOn(targetId: string): number {
  return outstanding.get(targetId) ?? 0;
}

/**
 * Re-orders the healthy GPU servers of a chain (the slots they hold stay where the plan put them): a weighted
 * random draw without replacement, each server's weight divided by (1 + its requests in flight) and scaled by
 * its gradual-return ramp. Other targets and half-open probes keep their places.
 */
export function arrangePool(
  chain: RouteTarget[],
  config: AppConfig,
  health: HealthSnapshot,
  now: number,
  random: () => number = Math.random,
): RouteTarget[] {
  const isPooled = (target: RouteTarget) => target.provider === "self-hosted" && !target.probing;
  const pooled = chain.filter(isPooled);
  if (pooled.length < 2) return chain;
  const rampMs = config.routingPolicy.breaker.rampMs;
  const weightOf = (target: RouteTarget) => {
    const server = config.gpuPool.find((candidate) => candidate.id === target.id);
    const base = server?.weight ?? 1;
    return (base * rampFactor(health.targets[target.id], now, rampMs)) / (1 + outstandingOn(target.id));
  };
  const left = pooled.map((target) => ({ target, weight: weightOf(target) }));
  const drawn: RouteTarget[] = [];
  while (left.length > 0) {
    const total = left.reduce((sum, entry) => sum + entry.weight, 0);
    let point = random() * total;
    let index = left.findIndex((entry) => {
      point -= entry.weight;
      return point < 0;
    });
    if (index === -1) index = left.length - 1;
    drawn.push(left[index]!.target);
    left.splice(index, 1);
  }
  let next = 0;
  return chain.map((target) => (isPooled(target) ? drawn[next++]! : target));
}
