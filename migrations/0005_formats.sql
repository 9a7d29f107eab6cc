-- Which /v1 dialect a usage row came through (chat, responses, messages, completions, embeddings); NULL for the
-- chat site and the widget.
ALTER TABLE `usage` ADD `format` text;
--> statement-breakpoint
-- Responses stored for `previous_response_id` and GET/DELETE /v1/responses/:id, per key, kept 30 days.
CREATE TABLE `stored_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`api_key_id` text NOT NULL,
	`model` text NOT NULL,
	`conversation` text NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stored_responses_key_idx` ON `stored_responses` (`api_key_id`,`created_at`);
--> statement-breakpoint
CREATE INDEX `stored_responses_expiry_idx` ON `stored_responses` (`expires_at`);
