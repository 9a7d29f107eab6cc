-- Usage rollups for the operator console's charts (hand-written; see src/upkeep/rollups.ts).
-- One row per (bucket, surface, key, site, model, provider); '' stands for "none" so the primary key is exact
-- (NULLs are distinct in a SQLite primary key). `ttft_histogram` is a JSON array of counts over fixed bins.
CREATE TABLE `usage_hourly` (
	`bucket` text NOT NULL,
	`surface` text NOT NULL,
	`api_key_id` text DEFAULT '' NOT NULL,
	`site_id` text DEFAULT '' NOT NULL,
	`model` text NOT NULL,
	`provider` text DEFAULT '' NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`estimated` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`cached_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`reasoning_tokens` integer DEFAULT 0 NOT NULL,
	`cost_micros` integer DEFAULT 0 NOT NULL,
	`ttft_count` integer DEFAULT 0 NOT NULL,
	`ttft_sum_ms` integer DEFAULT 0 NOT NULL,
	`ttft_histogram` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`bucket`, `surface`, `api_key_id`, `site_id`, `model`, `provider`)
);
--> statement-breakpoint
CREATE TABLE `usage_daily` (
	`bucket` text NOT NULL,
	`surface` text NOT NULL,
	`api_key_id` text DEFAULT '' NOT NULL,
	`site_id` text DEFAULT '' NOT NULL,
	`model` text NOT NULL,
	`provider` text DEFAULT '' NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`estimated` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`cached_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`reasoning_tokens` integer DEFAULT 0 NOT NULL,
	`cost_micros` integer DEFAULT 0 NOT NULL,
	`ttft_count` integer DEFAULT 0 NOT NULL,
	`ttft_sum_ms` integer DEFAULT 0 NOT NULL,
	`ttft_histogram` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`bucket`, `surface`, `api_key_id`, `site_id`, `model`, `provider`)
);
--> statement-breakpoint
-- Per-key and per-site reads of a range (spend this month, a site's usage) without walking every bucket's rows.
CREATE INDEX `usage_daily_key_idx` ON `usage_daily` (`api_key_id`, `bucket`);
--> statement-breakpoint
CREATE INDEX `usage_daily_site_idx` ON `usage_daily` (`site_id`, `bucket`);
--> statement-breakpoint
-- The rollup reads a time window of raw rows; created_at grows with time, so this index is appended to.
CREATE INDEX `usage_created_idx` ON `usage` (`created_at`);
--> statement-breakpoint
-- When each scheduled job last finished (and the rollups' watermark).
CREATE TABLE `upkeep_state` (
	`job` text PRIMARY KEY NOT NULL,
	`ran_at` integer NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL
);
