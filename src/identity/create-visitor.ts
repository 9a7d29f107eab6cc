import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { users } from "../db/schema.ts";
import { randomId } from "../lib/crypto.ts";
import { defaultPlanName } from "../plans.ts";

/** The identity every site-API request runs as. */
export type Visitor = { userId: string; plan: string; siteId: string | null };

/** Creates an anonymous user row (the default plan unless told otherwise); the widget passes its site id. */
export async function createVisitor(
  db: D1Database,
  options: { plan?: string; siteId?: string | null } = {},
): Promise<Visitor> {
  const visitor: Visitor = {
    userId: randomId(16),
    plan: options.plan ?? defaultPlanName,
    siteId: options.siteId ?? null,
  };
  await drizzle(db).insert(users).values({ id: visitor.userId, plan: visitor.plan, siteId: visitor.siteId });
  return visitor;
}

/**
 * Writes the user row of a visitor who so far existed only in their cookie (see visitor-middleware.ts); a row
 * that is already there (two first writes racing) is left as it is.
 */
export async function persistVisitor(db: D1Database, visitor: Visitor): Promise<void> {
  await drizzle(db)
    .insert(users)
    .values({ id: visitor.userId, plan: visitor.plan, siteId: visitor.siteId })
    .onConflictDoNothing()
    .run();
}

/** Loads a visitor's user row, or null when it no longer exists. */
export async function loadVisitor(db: D1Database, userId: string): Promise<Visitor | null> {
  const row = await drizzle(db)
    .select({ plan: users.plan, siteId: users.siteId })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return row ? { userId, plan: row.plan, siteId: row.siteId } : null;
}
