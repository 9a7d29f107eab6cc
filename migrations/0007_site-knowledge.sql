-- A widget that knows its owner's business: per-site instructions and widget options, knowledge documents
-- (chunked, indexed with FTS5 for BM25 retrieval), the sources an answer cited, and hand-offs to a person.
-- Hand-written: drizzle-kit cannot model the FTS5 table and its triggers.
ALTER TABLE `sites` ADD `instructions` text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE `sites` ADD `starter_questions` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
ALTER TABLE `sites` ADD `show_served_by` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `sites` ADD `handoff_webhook_url` text;
--> statement-breakpoint
-- The webhook signing secret, encrypted (AES-GCM, key derived from SESSION_SECRET); never returned after creation.
ALTER TABLE `sites` ADD `handoff_secret` text;
--> statement-breakpoint
-- JSON array of {ref, title, url}: the knowledge an answer was given (null when none).
ALTER TABLE `messages` ADD `sources` text;
--> statement-breakpoint
CREATE TABLE `knowledge_docs` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL REFERENCES `sites`(`id`) ON DELETE CASCADE,
	`title` text NOT NULL,
	`url` text,
	`text` text NOT NULL,
	`chunks` integer DEFAULT 0 NOT NULL,
	`fetched_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `knowledge_docs_site_idx` ON `knowledge_docs` (`site_id`,`created_at`);
--> statement-breakpoint
CREATE TABLE `knowledge_chunks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_id` text NOT NULL REFERENCES `knowledge_docs`(`id`) ON DELETE CASCADE,
	`site_id` text NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `knowledge_chunks_doc_idx` ON `knowledge_chunks` (`doc_id`,`seq`);
--> statement-breakpoint
-- External content over knowledge_chunks; the site filter is an UNINDEXED column so a MATCH never joins first.
CREATE VIRTUAL TABLE `knowledge_fts` USING fts5(`text`, `site_id` UNINDEXED, content='knowledge_chunks', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `knowledge_fts_insert` AFTER INSERT ON `knowledge_chunks` BEGIN
  INSERT INTO `knowledge_fts`(rowid, `text`, `site_id`) VALUES (new.`id`, new.`text`, new.`site_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_fts_delete` AFTER DELETE ON `knowledge_chunks` BEGIN
  INSERT INTO `knowledge_fts`(`knowledge_fts`, rowid, `text`, `site_id`) VALUES ('delete', old.`id`, old.`text`, old.`site_id`);
END;
--> statement-breakpoint
-- A visitor's request to talk to a person: stored first, then delivered to the site's webhook (payload is the exact
-- JSON body, so every retry sends the same bytes). Erasing the conversation erases its hand-off too.
CREATE TABLE `handoffs` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL REFERENCES `sites`(`id`) ON DELETE CASCADE,
	`conversation_id` text REFERENCES `conversations`(`id`) ON DELETE CASCADE,
	`user_id` text REFERENCES `users`(`id`) ON DELETE CASCADE,
	`email` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` integer,
	`delivered_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `handoffs_site_idx` ON `handoffs` (`site_id`,`created_at`);
--> statement-breakpoint
-- Owners read their widget's transcripts newest first.
CREATE INDEX `conversations_site_updated_idx` ON `conversations` (`site_id`,`updated_at`,`id`);
