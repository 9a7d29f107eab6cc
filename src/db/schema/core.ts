// Visitors, conversations and their messages, settings, attachments and shares; API keys; widget sites.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, ownedBy } from "./columns.ts";

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
    userId: ownedBy("user_id", () => users.id),
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
    conversationId: ownedBy("conversation_id", () => conversations.id),
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
    conversationId: ownedBy("conversation_id", () => conversations.id),
    messageId: ownedBy("message_id", () => messages.id),
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
    conversationId: ownedBy("conversation_id", () => conversations.id),
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
