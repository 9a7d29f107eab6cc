-- Foreign keys with ON DELETE CASCADE: messages and shares belong to their conversation, conversations to their
-- visitor, so deleting a conversation (or a visitor) can never leave orphan rows behind, and a write that races
-- a delete fails instead of orphaning. SQLite adds foreign keys only by rebuilding a table.
--
-- D1 always enforces foreign keys (like `PRAGMA foreign_keys = on`) and runs a migration in one transaction;
-- `defer_foreign_keys` postpones the checks to its end (https://developers.cloudflare.com/d1/sql-api/foreign-keys/).
-- The old tables are renamed away first, so nothing references them when they are dropped: dropping a table
-- deletes its rows first, and a cascade from there would empty the new tables.
-- Rowids are copied as they are: the external-content FTS indexes (0001) point at them.
PRAGMA defer_foreign_keys = on;
--> statement-breakpoint
DROP TRIGGER `messages_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `messages_fts_delete`;
--> statement-breakpoint
DROP TRIGGER `messages_fts_update`;
--> statement-breakpoint
DROP TRIGGER `conversations_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `conversations_fts_delete`;
--> statement-breakpoint
DROP TRIGGER `conversations_fts_update`;
--> statement-breakpoint
DROP INDEX `conversations_user_updated_idx`;
--> statement-breakpoint
DROP INDEX `messages_conversation_idx`;
--> statement-breakpoint
DROP INDEX `messages_parent_idx`;
--> statement-breakpoint
DROP INDEX `shares_conversation_idx`;
--> statement-breakpoint
ALTER TABLE `conversations` RENAME TO `conversations_old`;
--> statement-breakpoint
ALTER TABLE `messages` RENAME TO `messages_old`;
--> statement-breakpoint
ALTER TABLE `shares` RENAME TO `shares_old`;
--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE CASCADE,
	`site_id` text,
	`title` text DEFAULT 'New chat' NOT NULL,
	`current_leaf_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL REFERENCES `conversations`(`id`) ON DELETE CASCADE,
	`parent_id` text,
	`role` text NOT NULL,
	`content` text DEFAULT '' NOT NULL,
	`reasoning` text,
	`status` text DEFAULT 'complete' NOT NULL,
	`model` text,
	`provider` text,
	`served_model` text,
	`region` text,
	`prompt_tokens` integer,
	`completion_tokens` integer,
	`reasoning_tokens` integer,
	`cache_hit_tokens` integer,
	`cache_miss_tokens` integer,
	`reasoning_ms` integer,
	`error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`finished_at` integer,
	`simulated` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shares` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL REFERENCES `conversations`(`id`) ON DELETE CASCADE,
	`user_id` text NOT NULL,
	`title` text NOT NULL,
	`snapshot` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
-- A conversation whose visitor row is missing keeps its history: its owner row is restored.
INSERT OR IGNORE INTO `users` (`id`, `plan`, `site_id`)
  SELECT DISTINCT `user_id`, 'free', `site_id` FROM `conversations_old`
  WHERE `user_id` NOT IN (SELECT `id` FROM `users`);
--> statement-breakpoint
INSERT INTO `conversations` (`rowid`, `id`, `user_id`, `site_id`, `title`, `current_leaf_id`, `created_at`, `updated_at`)
  SELECT `rowid`, `id`, `user_id`, `site_id`, `title`, `current_leaf_id`, `created_at`, `updated_at`
  FROM `conversations_old`;
--> statement-breakpoint
-- Messages and shares of conversations already deleted (the send/delete race) are dropped, search index too.
INSERT INTO `messages_fts` (`messages_fts`, `rowid`, `content`)
  SELECT 'delete', `rowid`, `content` FROM `messages_old`
  WHERE `conversation_id` NOT IN (SELECT `id` FROM `conversations`);
--> statement-breakpoint
INSERT INTO `messages` (`rowid`, `id`, `conversation_id`, `parent_id`, `role`, `content`, `reasoning`, `status`,
  `model`, `provider`, `served_model`, `region`, `prompt_tokens`, `completion_tokens`, `reasoning_tokens`,
  `cache_hit_tokens`, `cache_miss_tokens`, `reasoning_ms`, `error`, `created_at`, `finished_at`, `simulated`)
  SELECT `rowid`, `id`, `conversation_id`, `parent_id`, `role`, `content`, `reasoning`, `status`,
  `model`, `provider`, `served_model`, `region`, `prompt_tokens`, `completion_tokens`, `reasoning_tokens`,
  `cache_hit_tokens`, `cache_miss_tokens`, `reasoning_ms`, `error`, `created_at`, `finished_at`, `simulated`
  FROM `messages_old` WHERE `conversation_id` IN (SELECT `id` FROM `conversations`);
--> statement-breakpoint
INSERT INTO `shares` (`id`, `conversation_id`, `user_id`, `title`, `snapshot`, `created_at`, `revoked_at`)
  SELECT `id`, `conversation_id`, `user_id`, `title`, `snapshot`, `created_at`, `revoked_at`
  FROM `shares_old` WHERE `conversation_id` IN (SELECT `id` FROM `conversations`);
--> statement-breakpoint
DROP TABLE `shares_old`;
--> statement-breakpoint
DROP TABLE `messages_old`;
--> statement-breakpoint
DROP TABLE `conversations_old`;
--> statement-breakpoint
CREATE INDEX `conversations_user_updated_idx` ON `conversations` (`user_id`,`updated_at`,`id`);
--> statement-breakpoint
CREATE INDEX `messages_conversation_idx` ON `messages` (`conversation_id`,`created_at`);
--> statement-breakpoint
CREATE INDEX `messages_parent_idx` ON `messages` (`parent_id`);
--> statement-breakpoint
CREATE INDEX `shares_conversation_idx` ON `shares` (`conversation_id`);
--> statement-breakpoint
CREATE INDEX `shares_user_idx` ON `shares` (`user_id`);
--> statement-breakpoint
CREATE TRIGGER `messages_fts_insert` AFTER INSERT ON `messages` BEGIN
  INSERT INTO `messages_fts`(rowid, `content`) VALUES (new.rowid, new.`content`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_delete` AFTER DELETE ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `content`) VALUES ('delete', old.rowid, old.`content`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_update` AFTER UPDATE OF `content` ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `content`) VALUES ('delete', old.rowid, old.`content`);
  INSERT INTO `messages_fts`(rowid, `content`) VALUES (new.rowid, new.`content`);
END;
--> statement-breakpoint
CREATE TRIGGER `conversations_fts_insert` AFTER INSERT ON `conversations` BEGIN
  INSERT INTO `conversations_fts`(rowid, `title`) VALUES (new.rowid, new.`title`);
END;
--> statement-breakpoint
CREATE TRIGGER `conversations_fts_delete` AFTER DELETE ON `conversations` BEGIN
  INSERT INTO `conversations_fts`(`conversations_fts`, rowid, `title`) VALUES ('delete', old.rowid, old.`title`);
END;
--> statement-breakpoint
CREATE TRIGGER `conversations_fts_update` AFTER UPDATE OF `title` ON `conversations` BEGIN
  INSERT INTO `conversations_fts`(`conversations_fts`, rowid, `title`) VALUES ('delete', old.rowid, old.`title`);
  INSERT INTO `conversations_fts`(rowid, `title`) VALUES (new.rowid, new.`title`);
END;
--> statement-breakpoint
CREATE INDEX `usage_user_idx` ON `usage` (`user_id`);
