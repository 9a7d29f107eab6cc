-- An indexed item lives exactly as long as its stored response: its own expiry only ever copied the response's
-- (and had to be extended along with it). The daily upkeep now deletes the index rows of responses no longer
-- stored.
DROP INDEX IF EXISTS `stored_response_items_expiry_idx`;
--> statement-breakpoint
ALTER TABLE `stored_response_items` DROP COLUMN `expires_at`;
