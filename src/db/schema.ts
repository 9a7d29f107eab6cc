/**
 * D1 schema (drizzle). Migrations in migrations/ are generated from this file by drizzle-kit;
 * never edit an applied migration, add a new one.
 * Times are epoch milliseconds; money is integer micro-dollars. Foreign keys cascade (D1 enforces them): a
 * visitor's conversations, and a conversation's messages and shares, go with it (migrations/0003).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** A chat-site or widget visitor. Anonymous: identified by a signed cookie or visitor token. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    plan: text("plan").notNull().default("free"),
    /** Set for widget visitors: the site whose iframe created them. */
    siteId: text("site_id"),
    createdAt: createdAt(),
  },
  (t) => [index("users_site_idx").on(t.siteId)],
);

export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    siteId: text("site_id"),
    title: text("title").notNull().default("New chat"),
    /** The message the visible branch ends at (branches are trees of messages via parent_id). */
    currentLeafId: text("current_leaf_id"),
    /** The custom instructions the conversation was started with (a copy; null when there were none). */
    instructions: text("instructions"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("conversations_user_updated_idx").on(t.userId, t.updatedAt, t.id),
    index("conversations_site_updated_idx").on(t.siteId, t.updatedAt, t.id),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** Previous message in the branch; null for the first message. */
    parentId: text("parent_id"),
    role: text("role", { enum: ["system", "user", "assistant"] }).notNull(),
    content: text("content").notNull().default(""),
    reasoning: text("reasoning"),
    status: text("status", { enum: ["complete", "stopped", "error", "streaming"] })
      .notNull()
      .default("complete"),
    /** Public model id (or alias) the user asked for (deepseek-flash, deepseek-reasoner, ...). */
    model: text("model"),
    provider: text("provider"),
    servedModel: text("served_model"),
    /** The substitute's public model id when another model answered than the one asked for (labelled in the UI). */
    servedAs: text("served_as"),
    region: text("region"),
    /** True when the answer came from the edgechat upstream simulator (local dev and tests). */
    simulated: integer("simulated", { mode: "boolean" }).notNull().default(false),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    reasoningTokens: integer("reasoning_tokens"),
    cacheHitTokens: integer("cache_hit_tokens"),
    cacheMissTokens: integer("cache_miss_tokens"),
    reasoningMs: integer("reasoning_ms"),
    error: text("error"),
    /** JSON array of the user message's attachments ({id, name, mediaType, size}); contents in `attachments`. */
    attachments: text("attachments"),
    /** JSON array of {ref, title, url}: the site knowledge the answer was given; null when none. */
    sources: text("sources"),
    createdAt: createdAt(),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    index("messages_conversation_idx").on(t.conversationId, t.createdAt),
    index("messages_parent_idx").on(t.parentId),
  ],
);

/** A chat-site user's settings (one row per user, written on the first save). */
export const userSettings = sqliteTable("user_settings", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** Applied to new conversations as a system message (at most 2 KB of UTF-8). */
  customInstructions: text("custom_instructions").notNull().default(""),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * A file sent with a user message (at most 5 per message): a text file's content (at most 512 KiB), or an image's
 * key in the UPLOADS R2 bucket (its `content` empty).
 */
export const attachments = sqliteTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mediaType: text("media_type").notNull(),
    /** UTF-8 bytes of `content`, or an image's bytes. */
    size: integer("size").notNull(),
    content: text("content").notNull(),
    /** Where an image's bytes are in the UPLOADS bucket (`conversations/<conversationId>/<id>`); null for text. */
    r2Key: text("r2_key"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("attachments_message_idx").on(t.messageId), index("attachments_conversation_idx").on(t.conversationId)],
);

/** Read-only snapshots of a conversation behind an unguessable id. */
export const shares = sqliteTable(
  "shares",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    title: text("title").notNull(),
    /** JSON array of the messages at the time of sharing. */
    snapshot: text("snapshot").notNull(),
    createdAt: createdAt(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("shares_conversation_idx").on(t.conversationId), index("shares_user_idx").on(t.userId)],
);

/** Partner API keys: only the SHA-256 hash of the key is stored. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull(),
    plan: text("plan").notNull().default("partner"),
    rpm: integer("rpm"),
    tpm: integer("tpm"),
    monthlyBudgetMicros: integer("monthly_budget_micros"),
    createdAt: createdAt(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_idx").on(t.hash)],
);

/** Websites that embed the widget. */
export const sites = sqliteTable(
  "sites",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    siteKey: text("site_key").notNull(),
    /** JSON array of exact origins or https://*.example.com wildcards. */
    allowedOrigins: text("allowed_origins").notNull(),
    plan: text("plan").notNull().default("free"),
    /** JSON object: position, colour, title, greeting, placeholder, openOnLoad. */
    theme: text("theme").notNull().default("{}"),
    /** The owner's system prompt for the widget (≤ 8 KB). */
    instructions: text("instructions").notNull().default(""),
    /** JSON array of up to 4 strings, shown as buttons on an empty chat. */
    starterQuestions: text("starter_questions").notNull().default("[]"),
    showServedBy: integer("show_served_by", { mode: "boolean" }).notNull().default(false),
    handoffWebhookUrl: text("handoff_webhook_url"),
    /** The webhook signing secret, encrypted with a key derived from SESSION_SECRET (sites/handoff/secret-box.ts). */
    handoffSecret: text("handoff_secret"),
    createdAt: createdAt(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [uniqueIndex("sites_site_key_idx").on(t.siteKey)],
);

/** A site's knowledge document: pasted text, or a page the Worker fetched (`url`, `fetchedAt`). */
export const knowledgeDocs = sqliteTable(
  "knowledge_docs",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    url: text("url"),
    text: text("text").notNull(),
    chunks: integer("chunks").notNull().default(0),
    fetchedAt: integer("fetched_at"),
    createdAt: createdAt(),
  },
  (t) => [index("knowledge_docs_site_idx").on(t.siteId, t.createdAt)],
);

/** A retrievable piece of a document; indexed by the FTS5 table `knowledge_fts` (migrations/0007). */
export const knowledgeChunks = sqliteTable(
  "knowledge_chunks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    docId: text("doc_id")
      .notNull()
      .references(() => knowledgeDocs.id, { onDelete: "cascade" }),
    siteId: text("site_id").notNull(),
    seq: integer("seq").notNull(),
    text: text("text").notNull(),
  },
  (t) => [index("knowledge_chunks_doc_idx").on(t.docId, t.seq)],
);

/** A visitor's "talk to a person": stored first, then delivered to the site's webhook with retries. */
export const handoffs = sqliteTable(
  "handoffs",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id").references(() => conversations.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    note: text("note").notNull().default(""),
    /** The exact JSON body delivered (every retry sends the same bytes). */
    payload: text("payload").notNull(),
    /** `pending` (delivery scheduled), `delivered`, `failed` (gave up), `stored` (the site has no webhook). */
    status: text("status", { enum: ["pending", "delivered", "failed", "stored"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: integer("next_attempt_at"),
    deliveredAt: integer("delivered_at"),
    createdAt: createdAt(),
  },
  (t) => [index("handoffs_site_idx").on(t.siteId, t.createdAt)],
);

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
 * `conversation` is the internal chat messages up to and including this answer; `response` the Response object.
 */
export const storedResponses = sqliteTable(
  "stored_responses",
  {
    id: text("id").primaryKey(),
    apiKeyId: text("api_key_id").notNull(),
    model: text("model").notNull(),
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
 * A signed-in person (docs/accounts.md): a chat-site `users` row (plan, conversations and usage stay keyed by
 * its id) with a name and the WebAuthn user handle its passkeys carry.
 */
export const accounts = sqliteTable(
  "accounts",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The WebAuthn user handle (base64url of 32 random bytes): what a discoverable passkey names its owner by. */
    webauthnUserId: text("webauthn_user_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("accounts_webauthn_user_idx").on(t.webauthnUserId)],
);

/** A passkey of an account: the credential id and COSE public key (base64url), never anything secret. */
export const passkeys = sqliteTable(
  "passkeys",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    publicKey: text("public_key").notNull(),
    /** COSE algorithm: -7 ES256, -8 EdDSA, -257 RS256. */
    algorithm: integer("algorithm").notNull(),
    signCount: integer("sign_count").notNull().default(0),
    /** JSON array of the transports the browser reported (usb, internal, hybrid...), or null. */
    transports: text("transports"),
    backedUp: integer("backed_up", { mode: "boolean" }).notNull().default(false),
    name: text("name").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [index("passkeys_user_idx").on(t.userId)],
);

/** A signed-in session; `id` is the SHA-256 of the id inside the `ec_session` cookie. */
export const accountSessions = sqliteTable(
  "account_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** When the passkey was used; rotations carry it over, so a session cannot outlive its absolute limit. */
    signedInAt: integer("signed_in_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("account_sessions_user_idx").on(t.userId), index("account_sessions_expires_idx").on(t.expiresAt)],
);

/** A WebAuthn challenge handed out and not yet used: single use (deleted when answered), short-lived. */
export const webauthnChallenges = sqliteTable(
  "webauthn_challenges",
  {
    challenge: text("challenge").primaryKey(),
    purpose: text("purpose", { enum: ["sign-up", "add-passkey", "sign-in"] }).notNull(),
    /** The account adding a passkey (add-passkey only). */
    userId: text("user_id"),
    /** The user handle offered to the authenticator (sign-up). */
    webauthnUserId: text("webauthn_user_id"),
    /** The account name asked for at sign-up, or the passkey's name. */
    name: text("name"),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("webauthn_challenges_expires_idx").on(t.expiresAt)],
);
