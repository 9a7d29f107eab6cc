import type { Limiter, SettleRequest } from "../durable/limiter.ts";
import { log } from "../lib/log.ts";
import { recordUsage } from "./record-usage.ts";

/** Settlements wait this long in the isolate so that one Limiter call carries all that finish meanwhile. */
const flushDelayMs = 50;
/** A batch this large goes at once. */
const flushBatch = 64;

type Batch = { items: SettleRequest[]; done: Promise<void>; flushNow: () => void };

/** Per Limiter subject, the batch still gathering. */
const gathering = new Map<string, Batch>();

export type SettleTarget = {
  subject: string;
  limiter: () => DurableObjectStub<Limiter>;
  db: D1Database;
  waitUntil: (promise: Promise<unknown>) => void;
};

/**
 * Queues one settlement (window corrections, budget, usage row) for its subject's Limiter; the isolate sends
 * them in one `settleMany` call per flushDelayMs (a call per request measured as a large share of the CPU spent
 * per non-streamed request). Each request keeps itself alive (waitUntil) until its batch is sent. If the call
 * fails the usage rows go straight to D1, so none is lost.
 */
export function queueSettle(target: SettleTarget, request: SettleRequest): void {
  let batch = gathering.get(target.subject);
  if (!batch) {
    const items: SettleRequest[] = [];
    let flushNow: () => void = () => undefined;
    const due = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, flushDelayMs);
      flushNow = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    const done = due.then(() => {
      if (gathering.get(target.subject) === created) gathering.delete(target.subject);
      return send(target, items);
    });
    const created: Batch = { items, done, flushNow };
    batch = created;
    gathering.set(target.subject, created);
  }
  batch.items.push(request);
  if (batch.items.length >= flushBatch) {
    gathering.delete(target.subject);
    batch.flushNow();
  }
  target.waitUntil(batch.done);
}

async function send(target: SettleTarget, items: SettleRequest[]): Promise<void> {
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
