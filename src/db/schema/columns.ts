// Column helpers shared by the schema's tables.
import { sql } from "drizzle-orm";
import { integer } from "drizzle-orm/sqlite-core";

/** Row creation time, epoch milliseconds, set by D1. */
export const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);
