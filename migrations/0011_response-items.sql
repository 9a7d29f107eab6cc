-- Output items of stored responses whose ids do not carry their response's id (answers DeepSeek's Responses API
-- gave natively, with its own item ids), so that an `item_reference` finds its stored response; per key.
CREATE TABLE `stored_response_items` (
	`api_key_id` text NOT NULL,
	`item_id` text NOT NULL,
	`response_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`api_key_id`, `item_id`)
);
--> statement-breakpoint
CREATE INDEX `stored_response_items_response_idx` ON `stored_response_items` (`response_id`);
--> statement-breakpoint
CREATE INDEX `stored_response_items_expiry_idx` ON `stored_response_items` (`expires_at`);
