// A site's knowledge documents and their chunks in D1 (the FTS5 index follows the chunks by trigger, 0007).
import { and, desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { knowledgeChunks, knowledgeDocs } from "../../db/schema.ts";
import { randomId } from "../../lib/crypto.ts";
import { chunkText } from "./chunk-text.ts";
import type { ChunkToEmbed } from "./knowledge-vectors.ts";

/** A knowledge document as the admin API shows it (without its text). */
export type KnowledgeDoc = {
  id: string;
  siteId: string;
  title: string;
  url: string | null;
  chars: number;
  chunks: number;
  fetchedAt: number | null;
  createdAt: number;
};

/** A new document: pasted text, or a page's extracted text with its URL and fetch time. */
export type NewKnowledgeDoc = { title: string; text: string; url: string | null; fetchedAt: number | null };

// D1 binds at most 100 parameters per statement: chunks go in groups of 20 rows × 4 values.
const rowsPerInsert = 20;

const listColumns = {
  id: knowledgeDocs.id,
  siteId: knowledgeDocs.siteId,
  title: knowledgeDocs.title,
  url: knowledgeDocs.url,
  text: knowledgeDocs.text,
  chunks: knowledgeDocs.chunks,
  fetchedAt: knowledgeDocs.fetchedAt,
  createdAt: knowledgeDocs.createdAt,
};

function toDoc(row: { text: string } & Omit<KnowledgeDoc, "chars">): KnowledgeDoc {
  const { text, ...rest } = row;
  return { ...rest, chars: text.length };
}

/** Stores a document and its chunks in one batch (all or nothing), returning it and its stored chunks. */
export async function insertKnowledgeDoc(
  db: D1Database,
  siteId: string,
  input: NewKnowledgeDoc,
): Promise<{ doc: KnowledgeDoc; stored: ChunkToEmbed[] }> {
  const orm = drizzle(db);
  const id = randomId(12);
  const chunks = chunkText(input.text);
  const createdAt = Date.now();
  const doc = orm.insert(knowledgeDocs).values({
    id,
    siteId,
    title: input.title,
    url: input.url,
    text: input.text,
    chunks: chunks.length,
    fetchedAt: input.fetchedAt,
    createdAt,
  });
  const inserts = [];
  for (let start = 0; start < chunks.length; start += rowsPerInsert) {
    const rows = chunks
      .slice(start, start + rowsPerInsert)
      .map((text, offset) => ({ docId: id, siteId, seq: start + offset, text }));
    inserts.push(
      orm
        .insert(knowledgeChunks)
        .values(rows)
        .returning({ chunkId: knowledgeChunks.id, seq: knowledgeChunks.seq, text: knowledgeChunks.text }),
    );
  }
  const [, ...inserted] = await orm.batch([doc, ...inserts]);
  const stored = (inserted as ChunkToEmbed[][]).flat();
  const created = {
    id,
    siteId,
    title: input.title,
    url: input.url,
    chars: input.text.length,
    chunks: chunks.length,
    fetchedAt: input.fetchedAt,
    createdAt,
  };
  return { doc: created, stored };
}

/** The site's documents, newest first. */
export async function listKnowledgeDocs(db: D1Database, siteId: string): Promise<KnowledgeDoc[]> {
  const rows = await drizzle(db)
    .select(listColumns)
    .from(knowledgeDocs)
    .where(eq(knowledgeDocs.siteId, siteId))
    .orderBy(desc(knowledgeDocs.createdAt), desc(knowledgeDocs.id));
  return rows.map(toDoc);
}

/** How many documents the site has. */
export async function countKnowledgeDocs(db: D1Database, siteId: string): Promise<number> {
  const row = await db
    .prepare("SELECT count(*) AS n FROM knowledge_docs WHERE site_id = ?1")
    .bind(siteId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * Deletes a document of the site (its chunks and index entries cascade), returning how many chunks it had (for its
 * vectors); null when there is none.
 */
export async function deleteKnowledgeDoc(db: D1Database, siteId: string, docId: string): Promise<number | null> {
  const row = await drizzle(db)
    .delete(knowledgeDocs)
    .where(and(eq(knowledgeDocs.id, docId), eq(knowledgeDocs.siteId, siteId)))
    .returning({ chunks: knowledgeDocs.chunks })
    .get();
  return row?.chunks ?? null;
}

/** A document's title and text, only while its site is live (the visitor-facing document page). */
export async function readPublishedDoc(db: D1Database, docId: string): Promise<{ title: string; text: string } | null> {
  return db
    .prepare(
      `SELECT d.title AS title, d.text AS text FROM knowledge_docs d JOIN sites s ON s.id = d.site_id
       WHERE d.id = ?1 AND s.deleted_at IS NULL`,
    )
    .bind(docId)
    .first<{ title: string; text: string }>();
}
