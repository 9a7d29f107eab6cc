// Metering and upkeep: one usage row per upstream call, the hourly and daily rollups, stored Responses.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns.ts";

/** One record per inference request (partner API, widget and chat site alike). */
export const usage = sqliteTable(
  "usage",
  {
    id: text("id").primaryKey(),
    requestId: text("request_id").notNull(),
    apiKeyId: text("api_key_id"),
    siteId: text("site_id"),
    userId: text("user_id"),
    /** UTC day, YYYY-MM-DD, for reports. */
    day: text("day").notNull(),
    model: text("model").notNull(),
    provider: text("provider"),
    servedModel: text("served_model"),
    region: text("region"),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    reasoningTokens: integer("reasoning_tokens").notNull().default(0),
    cacheHitTokens: integer("cache_hit_tokens").notNull().default(0),
    cacheMissTokens: integer("cache_miss_tokens").notNull().default(0),
    costMicros: integer("cost_micros").notNull().default(0),
    ttftMs: integer("ttft_ms"),
    totalMs: integer("total_ms"),
    status: text("status").notNull(),
    estimated: integer("estimated", { mode: "boolean" }).notNull().default(false),
    /** The /v1 dialect (`chat`, `responses`, `messages`, `completions`, `embeddings`); null for the site and widget. */
    format: text("format"),
    createdAt: createdAt(),
  },
  (t) => [
    index("usage_key_day_idx").on(t.apiKeyId, t.day),
    index("usage_site_day_idx").on(t.siteId, t.day),
    uniqueIndex("usage_request_idx").on(t.requestId),
    index("usage_user_idx").on(t.userId),
    index("usage_created_idx").on(t.createdAt),
  ],
);

/** The columns of both usage rollups: one row per bucket × surface × key × site × model × provider. */
const rollupColumns = () => ({
  /** `YYYY-MM-DDTHH` (hourly) or `YYYY-MM-DD` (daily), UTC. */
  bucket: text("bucket").notNull(),
  /** `site` (chat site), `widget` or `api`. */
  surface: text("surface").notNull(),
  /** '' when none (NULLs would be distinct in the primary key). */
  apiKeyId: text("api_key_id").notNull().default(""),
  siteId: text("site_id").notNull().default(""),
  model: text("model").notNull(),
  provider: text("provider").notNull().default(""),
  requests: integer("requests").notNull().default(0),
  errors: integer("errors").notNull().default(0),
  estimated: integer("estimated").notNull().default(0),
  promptTokens: integer("prompt_tokens").notNull().default(0),
  cachedTokens: integer("cached_tokens").notNull().default(0),
  completionTokens: integer("completion_tokens").notNull().default(0),
  reasoningTokens: integer("reasoning_tokens").notNull().default(0),
  costMicros: integer("cost_micros").notNull().default(0),
  ttftCount: integer("ttft_count").notNull().default(0),
  ttftSumMs: integer("ttft_sum_ms").notNull().default(0),
  /** JSON array of counts over src/upkeep/ttft-histogram.ts's bins. */
  ttftHistogram: text("ttft_histogram").notNull().default("[]"),
});

/** Usage per UTC hour, recomputed from raw rows by the scheduled upkeep. */
export const usageHourly = sqliteTable("usage_hourly", rollupColumns(), (t) => [
  primaryKey({ columns: [t.bucket, t.surface, t.apiKeyId, t.siteId, t.model, t.provider] }),
]);

/** Usage per UTC day, summed from the hourly rollup. */
export const usageDaily = sqliteTable("usage_daily", rollupColumns(), (t) => [
  primaryKey({ columns: [t.bucket, t.surface, t.apiKeyId, t.siteId, t.model, t.provider] }),
  index("usage_daily_key_idx").on(t.apiKeyId, t.bucket),
  index("usage_daily_site_idx").on(t.siteId, t.bucket),
]);

/** When each scheduled job last ran. */
export const upkeepState = sqliteTable("upkeep_state", {
  job: text("job").primaryKey(),
  ranAt: integer("ran_at").notNull(),
  detail: text("detail").notNull().default("{}"),
});

/**
 * A /v1/responses answer stored for `previous_response_id` and GET/DELETE (per key, kept 30 days).
 * `previousId` is the response it continues; `conversation` holds `{input}`, the internal chat messages this
 * request added (its output is read from `response`, the Response object). Rows stored before responses were
 * linked hold the whole conversation as one array instead (formats/responses/response-store.ts).
 */
export const storedResponses = sqliteTable(
  "stored_responses",
  {
    id: text("id").primaryKey(),
    apiKeyId: text("api_key_id").notNull(),
    model: text("model").notNull(),
    previousId: text("previous_id"),
    conversation: text("conversation").notNull(),
    response: text("response").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [
    index("stored_responses_key_idx").on(t.apiKeyId, t.createdAt),
    index("stored_responses_expiry_idx").on(t.expiresAt),
  ],
);

/**
 * Output items of stored responses whose ids do not carry the response's id (DeepSeek's own ids on answers it
 * gave natively), so that an `item_reference` finds its response; per key, swept with the responses.
 */
export const storedResponseItems = sqliteTable(
  "stored_response_items",
  {
    apiKeyId: text("api_key_id").notNull(),
    itemId: text("item_id").notNull(),
    responseId: text("response_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.apiKeyId, t.itemId] }),
    index("stored_response_items_response_idx").on(t.responseId),
  ],
);
