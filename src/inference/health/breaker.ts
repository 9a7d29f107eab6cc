import type { BreakerPolicy, TargetHealth } from "../types.ts";

/** One attempt's outcome at one target, as isolates report it (a failure may say why, for operators). */
export type OutcomeReport = { target: string; ok: boolean; at: number; reason?: string };

/** A target nobody has reported on. */
export const closedHealth: TargetHealth = {
  state: "closed",
  failures: 0,
  openUntil: 0,
  openForMs: 0,
  recoveredAt: null,
};

/**
 * The circuit breaker, as a pure transition: `failureThreshold` consecutive failures open the circuit for
 * `openMs`; once that has passed the target is half-open (tried after the healthy ones); a success closes it
 * and starts the gradual return, a failure re-opens it for twice as long (up to `maxOpenMs`).
 */
export function nextHealth(current: TargetHealth, ok: boolean, at: number, policy: BreakerPolicy): TargetHealth {
  if (ok) {
    if (current.state === "closed") return current.failures === 0 ? current : { ...current, failures: 0 };
    return { state: "closed", failures: 0, openUntil: 0, openForMs: 0, recoveredAt: at };
  }
  if (current.state === "closed") {
    const failures = current.failures + 1;
    if (failures < policy.failureThreshold) return { ...current, failures };
    return { ...current, state: "open", failures, openUntil: at + policy.openMs, openForMs: policy.openMs };
  }
  // Failures from requests that started before the circuit opened do not extend it; a failed probe does.
  if (current.state === "open" && current.openUntil > at) return { ...current, failures: current.failures + 1 };
  const openForMs = Math.min(policy.maxOpenMs, Math.max(policy.openMs, current.openForMs * 2));
  return { ...current, state: "open", failures: current.failures + 1, openUntil: at + openForMs, openForMs };
}

/** The state a reader should act on at `now`: an open circuit whose time is up counts as half-open. */
export function effectiveState(health: TargetHealth, now: number): TargetHealth["state"] {
  return health.state === "open" && health.openUntil <= now ? "half-open" : health.state;
}

/** Weight multiplier during the gradual return: 10% right after closing, 100% after `rampMs`. */
export function rampFactor(health: TargetHealth | undefined, now: number, rampMs: number): number {
  if (!health || health.recoveredAt === null || rampMs === 0) return 1;
  const elapsed = now - health.recoveredAt;
  return elapsed >= rampMs ? 1 : 0.1 + (0.9 * Math.max(0, elapsed)) / rampMs;
}
