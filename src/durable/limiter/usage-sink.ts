import { log } from "../../lib/log.ts";
import { type UsageRecordInput, usageInsertMany } from "../../metering/record-usage.ts";
import { UsageOutbox } from "../../metering/usage-outbox.ts";

/** Usage rows are copied to D1 this long after the first one queued, so one D1 statement carries many. */
const usageFlushDelayMs = 200;
const usageFlushBatch = 100;
/** After a failed copy, the alarm tries again this much later. */
const usageRetryMs = 5_000;

/**
 * The /v1 usage rows a Limiter settles, copied to D1 in batches. Rows wait in memory (a storage write per request
 * measured at ~40% of the Worker's throughput); only if D1 fails are they written to the object's storage, for
 * the object's alarm to retry.
 */
export class UsageSink {
  private pending: UsageRecordInput[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private outbox: UsageOutbox | null = null;

  constructor(
    private readonly db: D1Database,
    private readonly storage: DurableObjectStorage,
  ) {}

  /** Queues one row; a full batch is copied at once, else after usageFlushDelayMs. */
  add(row: UsageRecordInput): void {
    this.pending.push(row);
    if (this.pending.length >= usageFlushBatch) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), usageFlushDelayMs);
  }

  /** Copies the queued rows to D1 in one batch; on failure, into the outbox with an alarm to retry. */
  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const rows = this.pending.splice(0);
    if (rows.length === 0) return;
    try {
      const result = await usageInsertMany(this.db, rows).run();
      // Request ids are server-made per call: fewer rows than sent can only be retries of rows already written.
      if (result.meta.changes < rows.length)
        log.warn("usage_duplicate", { rows: rows.length, written: result.meta.changes });
    } catch (error) {
      log.warn("usage_flush_deferred", { rows: rows.length, error: String(error) });
      this.outbox ??= new UsageOutbox(this.storage.sql);
      for (const row of rows) this.outbox.add(row);
      await this.storage.setAlarm(Date.now() + usageRetryMs);
    }
  }

  /** Retries rows D1 refused earlier (the alarm's job); throwing makes the runtime retry with backoff. */
  async retry(): Promise<void> {
    this.outbox ??= new UsageOutbox(this.storage.sql);
    for (;;) {
      const rows = this.outbox.peek(usageFlushBatch);
      const last = rows.at(-1);
      if (!last) return;
      const records = rows.map((row) => row.record);
      await usageInsertMany(this.db, records).run();
      this.outbox.removeThrough(last.seq);
    }
  }
}
