// What a widget site knows (documents and their chunks) and the hand-offs its visitors asked for.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, ownedBy } from "./columns.ts";
import { conversations, sites, users } from "./core.ts";

/** A site's knowledge document: pasted text, or a page the Worker fetched (`url`, `fetchedAt`). */
export const knowledgeDocs = sqliteTable(
  "knowledge_docs",
  {
    id: text("id").primaryKey(),
    siteId: ownedBy("site_id", () => sites.id),
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
    docId: ownedBy("doc_id", () => knowledgeDocs.id),
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
    siteId: ownedBy("site_id", () => sites.id),
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
