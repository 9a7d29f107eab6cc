// Column helpers shared by the schema's tables.
import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, integer, text } from "drizzle-orm/sqlite-core";

/** Row creation time, epoch milliseconds, set by D1. */
export const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** A required reference to a parent row's id; the row goes when its parent goes (ON DELETE CASCADE). */
export const ownedBy = (name: string, parent: () => AnySQLiteColumn) =>
  text(name).notNull().references(parent, { onDelete: "cascade" });
