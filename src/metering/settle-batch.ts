import type { SettleRequest } from "../durable/limiter/limit-types.ts";
import type { Limiter } from "../durable/limiter.ts";
import { log } from "../lib/log.ts";
import { recordUsage } from "./record-usage.ts";

/** Settlements wait this long in the isolate so that one Limiter call carries all that finish meanwhile. */
const flushDelayMs = 50;
/**
 * A subject that already sent a batch within `busyWithinMs` gathers for `busyFlushDelayMs` instead: a key in steady
 * use then costs at most five Limiter calls a second per isolate, however its requests are spaced (each call is an
 * RPC, a turn of the object and its trace events; sequential streams of 30 ms made one call per 1–2 requests at
 * 50 ms). A key's first request after a quiet second keeps the short delay.
 */
const busyFlushDelayMs = 200;
const busyWithinMs = 1_000;
/** A batch this large goes at once. */
const flushBatch = 64;

type Batch = { items: SettleRequest[] };

/** Per Limiter subject, the batch still gathering. */
const gathering = new Map<string, Batch>();
/** Per Limiter subject, when its latest batch was sent (bounded like the lease slots). */
const lastSentAt = new Map<string, number>();

export type SettleTarget = {
  subject: string;
  limiter: () => DurableObjectStub<Limiter>;
  db: D1Database;
  waitUntil: (promise: Promise<unknown>) => void;
};

/**
 * Queues one settlement (window corrections, budget, usage row) for its subject's Limiter; the isolate sends
 * them in one `settleMany` call per flushDelayMs, busyFlushDelayMs for a key in steady use (a call per request
 * measured as a large share of the CPU spent per non-streamed request). The request that opens a batch keeps
 * itself alive (waitUntil) until the batch is sent, and sends it from its own timer; a request that fills a
 * batch sends it at once, itself. Nothing else waits on another request's promise: the runtime cancels such a
 * wait as hung (and logs it, at real CPU cost).
 * If the call fails the usage rows go straight to D1, so none is lost.
 */
export function queueSettle(target: SettleTarget, request: SettleRequest): void {
  let batch = gathering.get(target.subject);
  if (!batch) {
    const created: Batch = { items: [] };
    batch = created;
    gathering.set(target.subject, created);
    const busy = Date.now() - (lastSentAt.get(target.subject) ?? 0) < busyWithinMs;
    const due = new Promise<void>((resolve) => setTimeout(resolve, busy ? busyFlushDelayMs : flushDelayMs));
    target.waitUntil(
      due.then(() => {
        if (gathering.get(target.subject) === created) gathering.delete(target.subject);
        // Empty when a request that filled the batch already sent it.
        const items = created.items.splice(0);
        return items.length > 0 ? send(target, items) : undefined;
      }),
    );
  }
  batch.items.push(request);
  if (batch.items.length >= flushBatch) {
    gathering.delete(target.subject);
    target.waitUntil(send(target, batch.items.splice(0)));
  }
}

async function send(target: SettleTarget, items: SettleRequest[]): Promise<void> {
  if (lastSentAt.size >= 10_000) lastSentAt.clear();
  lastSentAt.set(target.subject, Date.now());
  try {
    await target.limiter().settleMany(items);
  } catch (error) {
    log.error("settle_failed", { subject: target.subject, requests: items.length, error: String(error) });
    for (const item of items) {
      if (!item.usage) continue;
      const requestId = item.usage.requestId;
      await recordUsage(target.db, item.usage).catch((writeError: unknown) =>
        log.error("metering_failed", { requestId, error: String(writeError) }),
      );
    }
  }
}
