// Per-turn retrieval: the visitor's question as an FTS5 OR-query over the site's chunks, ranked by BM25, bounded
// in count and tokens. One D1 round trip, together with the site's instructions (see site-prompt.ts).
import { estimateTokens } from "../../conversations/context-window.ts";
import { ftsTerms } from "../../db/queries/search.ts";

/** A retrieved chunk and the document it came from. */
export type RetrievedChunk = { chunkId: number; docId: string; title: string; url: string | null; text: string };

/** Bounds of what retrieval may add to a prompt. */
export type RetrievalLimits = { maxChunks: number; maxTokens: number };

/** Four chunks, at most ~1,200 tokens of knowledge per turn. */
export const defaultRetrievalLimits: RetrievalLimits = { maxChunks: 4, maxTokens: 1200 };

// Words that say nothing about which document answers: matching them would rank every chunk.
const stopWords = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have how i if in into is it its me my " +
    "of on or our please should so than that the their them then there these they this to was we were what when " +
    "where which who whom why will with would you your yours about any tell know want need get us hi hello thanks"
  ).split(" "),
);

/** The FTS5 query for a question: its distinctive words, each quoted, any of them matching; null when none. */
export function knowledgeQuery(question: string): string | null {
  const words = new Set<string>();
  for (const word of question.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word.length >= 2 && !stopWords.has(word)) words.add(word);
  }
  const terms = ftsTerms([...words], 16);
  return terms.length === 0 ? null : terms.join(" OR ");
}

/** The statement that finds the best chunks of a site for a query (bound: query, site id, candidate count). */
export function retrievalStatement(db: D1Database, query: string, siteId: string, candidates: number) {
  return db
    .prepare(
      `SELECT c.id AS chunkId, c.doc_id AS docId, d.title AS title, d.url AS url, c.text AS text
       FROM knowledge_fts JOIN knowledge_chunks c ON c.id = knowledge_fts.rowid
         JOIN knowledge_docs d ON d.id = c.doc_id
       WHERE knowledge_fts MATCH ?1 AND c.site_id = ?2
       ORDER BY bm25(knowledge_fts) LIMIT ?3`,
    )
    .bind(query, siteId, candidates);
}

// Reciprocal rank fusion's constant (Cormack et al., 2009): a rank-1 hit in one list outweighs a rank-3 hit in both
// only slightly, so a chunk both searches agree on comes first, and either search alone can still contribute.
const fusionK = 60;

/**
 * Merges ranked lists (full-text, vector) into one by reciprocal rank fusion: each chunk scores Σ 1/(k + rank) over
 * the lists it is in. Ties keep the first list's order, so with one list the result is that list.
 */
export function fuseRanks(lists: RetrievedChunk[][]): RetrievedChunk[] {
  const scored = new Map<number, { chunk: RetrievedChunk; score: number; first: number }>();
  let order = 0;
  for (const list of lists) {
    list.forEach((chunk, rank) => {
      const entry = scored.get(chunk.chunkId) ?? { chunk, score: 0, first: order++ };
      entry.score += 1 / (fusionK + rank + 1);
      scored.set(chunk.chunkId, entry);
    });
  }
  return [...scored.values()].sort((a, b) => b.score - a.score || a.first - b.first).map((entry) => entry.chunk);
}

/** Keeps the best chunks that fit the limits, in rank order (a chunk that would overflow the tokens is skipped). */
export function withinLimits(ranked: RetrievedChunk[], limits: RetrievalLimits): RetrievedChunk[] {
  const kept: RetrievedChunk[] = [];
  let tokens = 0;
  for (const chunk of ranked) {
    if (kept.length >= limits.maxChunks) break;
    const cost = estimateTokens(chunk.text);
    if (tokens + cost > limits.maxTokens) continue;
    kept.push(chunk);
    tokens += cost;
  }
  return kept;
}
