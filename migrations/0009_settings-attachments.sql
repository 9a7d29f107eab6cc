-- Per-user settings of the chat site: the custom instructions new conversations start with.
CREATE TABLE `user_settings` (
	`user_id` text PRIMARY KEY NOT NULL REFERENCES `users`(`id`) ON DELETE cascade,
	`custom_instructions` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
-- The custom instructions a conversation was started with (a copy: later edits apply to new conversations only).
ALTER TABLE `conversations` ADD `instructions` text;
--> statement-breakpoint
-- What a user message had attached (JSON array of {id, name, mediaType, size}); the contents are in `attachments`.
ALTER TABLE `messages` ADD `attachments` text;
--> statement-breakpoint
-- Files sent with a message: text and code, read in the browser and stored as text.
CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL REFERENCES `conversations`(`id`) ON DELETE cascade,
	`message_id` text NOT NULL REFERENCES `messages`(`id`) ON DELETE cascade,
	`name` text NOT NULL,
	`media_type` text NOT NULL,
	`size` integer NOT NULL,
	`content` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachments_message_idx` ON `attachments` (`message_id`);
--> statement-breakpoint
CREATE INDEX `attachments_conversation_idx` ON `attachments` (`conversation_id`);
