// Sites in D1, plus an isolate-local cache for the hot path (every embed page and widget API call looks one up).
import { and, desc, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { sites, users } from "../db/schema.ts";
import { notFound } from "../http/app-error.ts";
import { randomId } from "../lib/crypto.ts";
import { isSiteKey } from "./site-key.ts";
import { parseStoredTheme, type Theme } from "./theme.ts";

/** A widget site as the code uses it. */
export type Site = {
  id: string;
  name: string;
  siteKey: string;
  allowedOrigins: string[];
  plan: string;
  theme: Theme;
  /** The owner's instructions (system prompt) for the widget; '' when none. */
  instructions: string;
  starterQuestions: string[];
  showServedBy: boolean;
  handoffWebhookUrl: string | null;
  createdAt: number;
  deletedAt: number | null;
};

/** Fields an operator sets on creation. */
export type NewSite = { name: string; siteKey: string; allowedOrigins: string[]; plan: string; theme: Theme };

/** Fields an operator may change; `handoffSecret` is the sealed signing secret (null clears it). */
export type SiteChanges = Partial<
  Pick<
    Site,
    | "name"
    | "allowedOrigins"
    | "plan"
    | "theme"
    | "instructions"
    | "starterQuestions"
    | "showServedBy"
    | "handoffWebhookUrl"
  > & { handoffSecret: string | null }
>;

type SiteRow = typeof sites.$inferSelect;

// Other isolates see a change or deletion within this long; this isolate sees it at once (evict on write).
const cacheTtlMs = 30_000;
const cacheLimit = 1000;
const cache = new Map<string, { site: Site | null; at: number }>();

function stringArray(json: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = [];
  }
  return Array.isArray(parsed) ? parsed.filter((item) => typeof item === "string") : [];
}

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    siteKey: row.siteKey,
    allowedOrigins: stringArray(row.allowedOrigins),
    plan: row.plan,
    theme: parseStoredTheme(row.theme),
    instructions: row.instructions,
    starterQuestions: stringArray(row.starterQuestions),
    showServedBy: row.showServedBy,
    handoffWebhookUrl: row.handoffWebhookUrl,
    createdAt: row.createdAt,
    deletedAt: row.deletedAt ?? null,
  };
}

/** The live (not deleted) site with this key, or null; cached per isolate. */
export async function findLiveSiteByKey(db: D1Database, siteKey: string): Promise<Site | null> {
  if (!isSiteKey(siteKey)) return null;
  const hit = cache.get(siteKey);
  if (hit && Date.now() - hit.at < cacheTtlMs) return hit.site;
  const row = await drizzle(db)
    .select()
    .from(sites)
    .where(and(eq(sites.siteKey, siteKey), isNull(sites.deletedAt)))
    .get();
  const site = row ? toSite(row) : null;
  remember(siteKey, site);
  return site;
}

/** The live site with this id, or null (widget tokens name the site by id); cached per isolate. */
export async function findLiveSiteById(db: D1Database, id: string): Promise<Site | null> {
  const cacheKey = `id:${id}`;
  const hit = cache.get(cacheKey);
  if (hit && Date.now() - hit.at < cacheTtlMs) return hit.site;
  const site = await readLiveSite(db, id);
  remember(cacheKey, site);
  return site;
}

/** The live site with this id straight from D1 (operators must never see a cached copy). */
export async function readLiveSite(db: D1Database, id: string): Promise<Site | null> {
  const row = await drizzle(db)
    .select()
    .from(sites)
    .where(and(eq(sites.id, id), isNull(sites.deletedAt)))
    .get();
  return row ? toSite(row) : null;
}

/** The live site's webhook URL and sealed signing secret straight from D1 (never cached, never in `Site`). */
export async function readHandoffTarget(
  db: D1Database,
  id: string,
): Promise<{ url: string | null; sealedSecret: string | null } | null> {
  const row = await drizzle(db)
    .select({ url: sites.handoffWebhookUrl, sealedSecret: sites.handoffSecret })
    .from(sites)
    .where(and(eq(sites.id, id), isNull(sites.deletedAt)))
    .get();
  return row ?? null;
}

/** Every live site, newest first. */
export async function listLiveSites(db: D1Database): Promise<Site[]> {
  const rows = await drizzle(db).select().from(sites).where(isNull(sites.deletedAt)).orderBy(desc(sites.createdAt));
  return rows.map(toSite);
}

/** Inserts a site and returns it. */
export async function insertSite(db: D1Database, input: NewSite): Promise<Site> {
  const row = await drizzle(db)
    .insert(sites)
    .values({
      id: randomId(12),
      name: input.name,
      siteKey: input.siteKey,
      allowedOrigins: JSON.stringify(input.allowedOrigins),
      plan: input.plan,
      theme: JSON.stringify(input.theme),
    })
    .returning()
    .get();
  return toSite(row);
}

/**
 * Applies changes to a live site; null when there is none. A plan change also moves the site's visitors
 * to the new plan, because their limits are read from their own user row.
 */
export async function updateSite(db: D1Database, id: string, changes: SiteChanges): Promise<Site | null> {
  const values: Partial<typeof sites.$inferInsert> = {};
  if (changes.name !== undefined) values.name = changes.name;
  if (changes.allowedOrigins !== undefined) values.allowedOrigins = JSON.stringify(changes.allowedOrigins);
  if (changes.plan !== undefined) values.plan = changes.plan;
  if (changes.theme !== undefined) values.theme = JSON.stringify(changes.theme);
  if (changes.instructions !== undefined) values.instructions = changes.instructions;
  if (changes.starterQuestions !== undefined) values.starterQuestions = JSON.stringify(changes.starterQuestions);
  if (changes.showServedBy !== undefined) values.showServedBy = changes.showServedBy;
  if (changes.handoffWebhookUrl !== undefined) values.handoffWebhookUrl = changes.handoffWebhookUrl;
  if (changes.handoffSecret !== undefined) values.handoffSecret = changes.handoffSecret;
  const orm = drizzle(db);
  const where = and(eq(sites.id, id), isNull(sites.deletedAt));
  const row =
    Object.keys(values).length > 0
      ? await orm.update(sites).set(values).where(where).returning().get()
      : await orm.select().from(sites).where(where).get();
  if (!row) return null;
  if (changes.plan !== undefined) await orm.update(users).set({ plan: changes.plan }).where(eq(users.siteId, id));
  evict(row.siteKey, row.id);
  return toSite(row);
}

/** Soft-deletes a live site (its key stops working at once here, within the cache TTL elsewhere); false when none. */
export async function softDeleteSite(db: D1Database, id: string): Promise<boolean> {
  const row = await drizzle(db)
    .update(sites)
    .set({ deletedAt: Date.now() })
    .where(and(eq(sites.id, id), isNull(sites.deletedAt)))
    .returning({ siteKey: sites.siteKey })
    .get();
  if (!row) return false;
  evict(row.siteKey, id);
  return true;
}

function remember(cacheKey: string, site: Site | null): void {
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(cacheKey, { site, at: Date.now() });
}

function evict(siteKey: string, id: string): void {
  cache.delete(siteKey);
  cache.delete(`id:${id}`);
}

/** The id of the live site `id` (straight from D1), or the 404 an unknown or deleted site gets. */
export async function requireLiveSiteId(db: D1Database, id: string): Promise<string> {
  const site = await readLiveSite(db, id);
  if (!site) throw notFound("site");
  return site.id;
}
