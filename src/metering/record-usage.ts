import type { Served, Usage } from "../inference/types.ts";
import { uuidV7 } from "../lib/crypto.ts";
import { log } from "../lib/log.ts";
import { costMicros, type PriceContext } from "./price-table.ts";

/** One finished (or failed, or cancelled) inference request, as the usage table stores it. */
export type UsageRecordInput = {
  requestId: string;
  apiKeyId?: string | null;
  siteId?: string | null;
  userId?: string | null;
  /** Public model id the client asked for. */
  model: string;
  served: Served | null;
  region: string | null;
  usage: Usage;
  /** True when the upstream gave no usage (abort, mid-stream failure) and the counts are our estimate. */
  estimated: boolean;
  ttftMs: number | null;
  totalMs: number | null;
  status: string;
  /** The /v1 dialect (`chat`, `responses`, `messages`...); null for the chat site and widget. */
  format?: string | null;
  /** When the request finished (epoch ms; default now): sets the row's UTC day. */
  at?: number;
  /** The catalog and the request's start time its price is looked up at (default: the default catalog, now). */
  pricing?: PriceContext;
  /** The cost when the caller already priced it (settle.ts); else computed from `pricing`. */
  costMicros?: number;
};

/** UTC calendar day (YYYY-MM-DD) of an epoch-millisecond time. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * Inserts one usage row (cost from the price table, day = UTC date). Idempotent per requestId, which callers make
 * server-side and unique per upstream call: a conflict can only be the same request written twice (a retry), and
 * is logged rather than passed over in silence.
 */
export async function recordUsage(db: D1Database, input: UsageRecordInput): Promise<void> {
  const result = await usageInsert(db, input).run();
  if (result.meta.changes === 0) log.warn("usage_duplicate", { requestId: input.requestId });
}

const columns = `id, request_id, api_key_id, site_id, user_id, day, model, provider, served_model, region,
  prompt_tokens, completion_tokens, reasoning_tokens, cache_hit_tokens, cache_miss_tokens, cost_micros,
  ttft_ms, total_ms, status, estimated, created_at, format`;

/** The idempotent INSERT of one usage row, for running alone or in a `db.batch`. */
export function usageInsert(db: D1Database, input: UsageRecordInput): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO usage (${columns})
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
       ON CONFLICT (request_id) DO NOTHING`,
    )
    .bind(...usageValues(input));
}

/**
 * The idempotent INSERT of many usage rows as one statement with one bound value (a JSON array of rows, read by
 * json_each): D1 caps bound values per statement, and one statement costs far less than a batch of one per row.
 */
export function usageInsertMany(db: D1Database, inputs: UsageRecordInput[]): D1PreparedStatement {
  const picks = columns
    .split(",")
    .map((_, index) => `value ->> '$[${index}]'`)
    .join(", ");
  return db
    .prepare(
      `INSERT INTO usage (${columns}) SELECT ${picks} FROM json_each(?1) WHERE true ON CONFLICT (request_id) DO NOTHING`,
    )
    .bind(JSON.stringify(inputs.map(usageValues)));
}

function usageValues(input: UsageRecordInput): Array<string | number | null> {
  const at = input.at ?? Date.now();
  const provider = input.served?.provider ?? null;
  const usage = input.usage;
  return [
    uuidV7(at),
    input.requestId,
    input.apiKeyId ?? null,
    input.siteId ?? null,
    input.userId ?? null,
    utcDay(at),
    input.model,
    provider,
    input.served?.model ?? null,
    input.region ?? input.served?.region ?? null,
    whole(usage.promptTokens),
    whole(usage.completionTokens),
    whole(usage.reasoningTokens),
    whole(usage.cacheHitTokens),
    whole(usage.cacheMissTokens),
    input.costMicros ?? costMicros(input.model, provider, usage, input.pricing),
    input.ttftMs === null ? null : Math.round(input.ttftMs),
    input.totalMs === null ? null : Math.round(input.totalMs),
    input.status,
    input.estimated ? 1 : 0,
    at,
    input.format ?? null,
  ];
}

function whole(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}
