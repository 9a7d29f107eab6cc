import type { Connected } from "../attempt/failover.ts";
import { type StreamEnd, streamBreak } from "../attempt/stream-end.ts";
import { reportOutcome } from "../health/health.ts";
import type { InferenceContext, PassthroughMeter, ProxyOutcome, ProxyRequest, RouteTarget, Served } from "../types.ts";
import { estimateUsage } from "../wire/estimate-usage.ts";

/** One /v1 call as proxy.ts hands it to the streamed or the non-streamed path. */
export type ProxyCall = {
  context: InferenceContext;
  chain: RouteTarget[];
  request: ProxyRequest;
  /** The internal chat body with the capped `max_tokens`. */
  body: Record<string, unknown>;
  started: number;
};

/** What both /v1 streaming paths share once a target produced its first event. */
export type ProxyStreamJob = {
  context: InferenceContext;
  request: ProxyRequest;
  served: Served;
  connected: Pick<Connected<unknown>, "abort" | "release">;
  started: number;
  ttftMs: number;
};

/** A fresh meter. */
export function newMeter(): PassthroughMeter {
  return { usage: null, finishReason: null, sawDone: false, upstreamError: null, events: 0 };
}

/** The outcome promise of one stream and the one function that settles it (idempotent). */
export function outcomeOf(job: ProxyStreamJob, meter: PassthroughMeter) {
  let settle: (outcome: ProxyOutcome) => void = () => undefined;
  const done = new Promise<ProxyOutcome>((resolve) => {
    settle = resolve;
  });
  let finished = false;
  const end = (status: ProxyOutcome["status"], error: ProxyOutcome["error"]): void => {
    if (finished) return;
    finished = true;
    job.connected.release();
    if (status !== "complete") job.connected.abort();
    if (status === "error") {
      reportOutcome(job.context, job.served.targetId, false, error ? `mid-stream: ${error.message}` : undefined);
    }
    settle({
      served: job.served,
      usage: meter.usage ?? estimated(job.request.body, meter.events),
      estimated: meter.usage === null,
      ttftMs: job.ttftMs,
      totalMs: Date.now() - job.started,
      status,
      finishReason: status === "error" ? "error" : status === "cancelled" ? "cancelled" : meter.finishReason,
      error,
    });
  };
  return { done, end, isFinished: () => finished };
}

/** Why a stream that reached its end is still not a complete answer, or null when it is. */
export function incompleteReason(meter: PassthroughMeter): StreamEnd | null {
  if (meter.sawDone || meter.finishReason !== null || meter.upstreamError !== null) return null;
  return streamBreak("ended-early");
}

function estimated(body: Record<string, unknown>, events: number) {
  // About one token per forwarded event; the prompt from its characters.
  return { ...estimateUsage(JSON.stringify(body.messages ?? []).length, 0, 0), completionTokens: events };
}
