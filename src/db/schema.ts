/**
 * D1 schema (drizzle). Migrations in migrations/ are generated from these files by drizzle-kit;
 * never edit an applied migration, add a new one.
 * Times are epoch milliseconds; money is integer micro-dollars. Foreign keys cascade (D1 enforces them): a
 * visitor's conversations, and a conversation's messages and shares, go with it (migrations/0003).
 */

export * from "./schema/accounts.ts";
export * from "./schema/core.ts";
export * from "./schema/sites.ts";
export * from "./schema/usage.ts";
