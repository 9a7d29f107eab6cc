import { AppError } from "../../http/app-error.ts";
import { log } from "../../lib/log.ts";
import { reportOutcome } from "../health/health.ts";
import { acquireProviderSlot } from "../health/provider-slots.ts";
import { acquireSlot } from "../routing/pool.ts";
import type { InferenceContext, RouteTarget } from "../types.ts";
import { failureFromError, UpstreamFailure } from "./upstream-failure.ts";

/** What one attempt produced once its target sent the first token. */
export type Connected<T> = {
  target: RouteTarget;
  value: T;
  /** Aborts this attempt's upstream request. */
  abort: (reason?: unknown) => void;
  /** Frees the target's concurrency slot; call once the stream has ended. */
  release: () => void;
};

/**
 * Opens one target and resolves when its first token arrived; rejects with an UpstreamFailure otherwise.
 * `extend(ms)` moves the attempt's deadline to `ms` after its start (e.g. once headers arrived, the whole body
 * gets the completion bound); the attempt keeps one timer whatever it asks.
 */
export type Attempt<T> = (target: RouteTarget, signal: AbortSignal, extend: (ms: number) => void) => Promise<T>;

type Queued = { target: RouteTarget; notBefore: number; retry: number };

/**
 * Tries the chain in order until one target produces its first token: connect errors, 5xx, 401/402 and
 * timeouts move on to the next target; a 429 whose retry-after fits the bound re-queues the target behind the
 * others; a failed target is retried once (jittered backoff) while the attempt budget lasts. 400/422 are the
 * client's fault and surface as a 400, unless they name our own mapping (a model id, a parameter: `config`),
 * which is logged as a configuration error and moves on to the next target. No byte of an attempt's answer reaches the client before this resolves
 * (a streamed /v1 response may already be committed, see proxy-stream.ts).
 */
export async function connectFirst<T>(
  context: InferenceContext,
  chain: RouteTarget[],
  signal: AbortSignal | undefined,
  attempt: Attempt<T>,
  timeoutMs: number = context.config.routingPolicy.timeouts.firstTokenMs,
): Promise<Connected<T>> {
  const { retry } = context.config.routingPolicy;
  const queue: Queued[] = chain.map((target) => ({ target, notBefore: 0, retry: 0 }));
  const failures: string[] = [];
  let attempts = 0;
  while (queue.length > 0 && attempts < retry.maxAttempts) {
    signal?.throwIfAborted();
    const next = queue.shift()!;
    const { target } = next;
    await waitUntilTime(next.notBefore, signal);
    const release = await acquireSlots(context, target);
    if (!release) {
      failures.push(`${target.id}: at its concurrency cap`);
      log.info("inference_target_at_capacity", { target: target.id });
      continue;
    }
    attempts++;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const value = await withTimeout(target, attempt, timeoutMs, controller);
      reportOutcome(context, target.id, true);
      return {
        target,
        value,
        abort: (reason) => controller.abort(reason),
        release: () => {
          signal?.removeEventListener("abort", onAbort);
          release();
        },
      };
    } catch (error) {
      signal?.removeEventListener("abort", onAbort);
      release();
      controller.abort();
      signal?.throwIfAborted();
      const failure = failureFromError(error);
      if (failure.kind === "client") {
        throw new AppError(400, `The provider rejected the request: ${failure.message}`, { code: "invalid_request" });
      }
      failures.push(`${target.id}: ${failure.message}`);
      if (failure.kind === "config") {
        // Our catalog or dialect mapping sent something this target does not take: an operator must fix it.
        log.error("inference_config_error", { target: target.id, model: target.model, message: failure.message });
      } else {
        log.warn("inference_attempt_failed", { target: target.id, kind: failure.kind, message: failure.message });
      }
      // An unavailable provider (no binding here) cost nothing: it neither spends the budget nor trips a breaker.
      if (failure.kind === "unavailable") attempts--;
      // A mapping error concerns one model on this target, not the target's health: its breaker stays as it is.
      else if (failure.kind !== "config")
        reportOutcome(context, target.id, false, `${failure.kind}: ${failure.message}`);
      const again = requeue(next, failure, retry.retryAfterMaxMs, retry.backoffMs);
      if (again) queue.push(again);
    }
  }
  throw unavailable(chain, failures);
}

/** A GPU server's per-isolate slot and, for a provider account with a limit, its account-wide slot. */
async function acquireSlots(context: InferenceContext, target: RouteTarget): Promise<(() => void) | null> {
  const local = acquireSlot(context.config, target);
  if (!local) return null;
  const account = await acquireProviderSlot(context, target);
  if (!account) {
    local();
    return null;
  }
  return () => {
    local();
    account();
  };
}

function requeue(queued: Queued, failure: UpstreamFailure, retryAfterMaxMs: number, backoffMs: number): Queued | null {
  if (queued.retry > 0) return null;
  const now = Date.now();
  if (failure.kind === "rate-limited") {
    const wait = failure.retryAfterMs ?? backoffMs;
    return wait <= retryAfterMaxMs ? { ...queued, notBefore: now + wait, retry: 1 } : null;
  }
  if (failure.kind === "failed") {
    // Full jitter between half and all of the backoff, so isolates do not retry in lockstep.
    return { ...queued, notBefore: now + backoffMs * (0.5 + Math.random() / 2), retry: 1 };
  }
  return null;
}

function unavailable(chain: RouteTarget[], failures: string[]): AppError {
  const message =
    chain.length === 0
      ? "No provider is available for this request right now (every allowed provider is failing or none is configured)."
      : `Every available provider failed before answering; please try again shortly. (${failures.join("; ")})`;
  return new AppError(503, message, {
    code: "provider_unavailable",
    type: "server_error",
    headers: { "retry-after": "5" },
  });
}

/**
 * Runs one attempt under its deadline with a single timer (one per request keeps the non-streamed path light):
 * the timer fires at the first bound and re-arms only if the attempt extended its deadline meanwhile. A timeout
 * or an abort of `controller` (the client went away) rejects at once, whatever the attempt is still awaiting.
 */
function withTimeout<T>(target: RouteTarget, attempt: Attempt<T>, ms: number, controller: AbortController): Promise<T> {
  const started = Date.now();
  let deadlineMs = ms;
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expire = () => {
      const left = started + deadlineMs - Date.now();
      if (left > 0) {
        timer = setTimeout(expire, left);
        return;
      }
      timer = undefined;
      const failure = new UpstreamFailure("timeout", `no answer within ${deadlineMs} ms`);
      controller.abort(failure);
      reject(failure);
    };
    timer = setTimeout(expire, ms);
    const onAbort = () => reject(controller.signal.reason);
    controller.signal.addEventListener("abort", onAbort, { once: true });
    const settle = () => {
      if (timer !== undefined) clearTimeout(timer);
      controller.signal.removeEventListener("abort", onAbort);
    };
    const extend = (total: number) => {
      deadlineMs = total;
    };
    let running: Promise<T>;
    try {
      running = attempt(target, controller.signal, extend);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}

function waitUntilTime(at: number, signal: AbortSignal | undefined): Promise<void> {
  const ms = at - Date.now();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
