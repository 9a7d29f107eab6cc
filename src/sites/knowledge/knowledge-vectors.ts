// Optional semantic retrieval: when the Worker has a Vectorize index bound as `VECTORIZE` (and Workers AI as `AI`),
// knowledge chunks are also embedded and stored there, one namespace per site, so a question can find a chunk that
// says the same thing in other words. Everything here is best effort: FTS5 stays the source of truth, and a failure
// or a slow answer only means this turn (or this document) is found by its words alone. Each embedding call is
// metered (meter-embedding.ts).
// Vectorize API: https://developers.cloudflare.com/vectorize/reference/client-api/ (upsert, query, deleteByIds);
// limits (ids and namespaces ≤ 64 bytes, topK ≤ 100 without metadata):
// https://developers.cloudflare.com/vectorize/platform/limits/
import { embeddingModels } from "../../inference/routing/embedding-models.ts";
import { log } from "../../lib/log.ts";
import { meterKnowledgeEmbedding } from "./meter-embedding.ts";
import type { RetrievedChunk } from "./retrieve.ts";

/** The bindings knowledge uses: D1 always; Workers AI and Vectorize when both are bound. */
export type KnowledgeEnv = { DB: D1Database; AI?: unknown; VECTORIZE?: Vectorize };

type Embedder = { run(model: string, inputs: { text: string[] }): Promise<unknown> };
type VectorBindings = { ai: Embedder; index: Vectorize };

/** BGE-M3 (multilingual, 1,024 dimensions): the index must be created with `--dimensions=1024 --metric=cosine`. */
export const knowledgeEmbeddingModel = embeddingModels["bge-m3"] as NonNullable<(typeof embeddingModels)["bge-m3"]>;

/** How long a turn waits for the question's embedding and the vector query before going on with FTS alone. */
export const vectorSearchTimeoutMs = 300;

/**
 * Cosine similarity below which a vector match is not offered as knowledge: nearest neighbours always exist, so
 * without a floor an unrelated question would still pull in the site's "closest" chunk.
 */
export const minVectorScore = 0.5;

// Texts per Workers AI call (conservative: a 400-chunk document is 13 calls) and vectors per upsert (≤ 1,000).
const embedBatch = 32;

/** The Workers AI and Vectorize bindings when both are present, else null (FTS only, exactly as without them). */
export function vectorBindings(env: KnowledgeEnv): VectorBindings | null {
  const ai = env.AI as Partial<Embedder> | undefined;
  if (!env.VECTORIZE || typeof ai?.run !== "function") return null;
  return { ai: ai as Embedder, index: env.VECTORIZE };
}

/** The vector id of a document's chunk (`docId:seq`: ≤ 64 bytes, and computable again when the doc is deleted). */
export function vectorId(docId: string, seq: number): string {
  return `${docId}:${seq}`;
}

/** Who pays for an embedding call: the site, in the database its usage rows go to. */
type Payer = { db: D1Database; siteId: string };

/**
 * Embeds `texts` and meters the call (one usage row on the site). The turn's question is metered off its path:
 * `metered` is the row's write, which the caller awaits or not.
 */
async function embed(
  ai: Embedder,
  texts: string[],
  payer: Payer,
): Promise<{ vectors: number[][]; metered: Promise<void> }> {
  const model = knowledgeEmbeddingModel.workersAi ?? "";
  const started = Date.now();
  const output = (await ai.run(model, { text: texts })) as { data?: unknown };
  const metered = meterKnowledgeEmbedding(payer.db, payer.siteId, knowledgeEmbeddingModel, texts, Date.now() - started);
  if (!Array.isArray(output.data) || output.data.length !== texts.length) {
    await metered;
    throw new Error(`${model} returned no embeddings`);
  }
  return { vectors: output.data as number[][], metered };
}

/** A stored chunk to embed: its D1 id, its place in the document and its text. */
export type ChunkToEmbed = { chunkId: number; seq: number; text: string };

/**
 * Embeds a new document's chunks and upserts them into the site's namespace with {siteId, docId, chunkId}.
 * Never throws: on failure the document is still found by full-text search, and the failure is logged.
 */
export async function indexDocVectors(
  env: KnowledgeEnv,
  siteId: string,
  docId: string,
  chunks: ChunkToEmbed[],
): Promise<boolean> {
  const bindings = vectorBindings(env);
  if (!bindings || chunks.length === 0) return false;
  try {
    for (let start = 0; start < chunks.length; start += embedBatch) {
      const batch = chunks.slice(start, start + embedBatch);
      const { vectors: values, metered } = await embed(
        bindings.ai,
        batch.map((chunk) => chunk.text),
        { db: env.DB, siteId },
      );
      await metered;
      await bindings.index.upsert(
        batch.map((chunk, i) => ({
          id: vectorId(docId, chunk.seq),
          values: values[i] ?? [],
          namespace: siteId,
          metadata: { siteId, docId, chunkId: chunk.chunkId },
        })),
      );
    }
    return true;
  } catch (error) {
    log.error("knowledge_vectors_index_failed", { siteId, docId, error: String(error) });
    return false;
  }
}

/** Deletes a deleted document's vectors (ids computed from its chunk count). Never throws; failures are logged. */
export async function deleteDocVectors(env: KnowledgeEnv, siteId: string, docId: string, chunks: number) {
  const bindings = vectorBindings(env);
  if (!bindings || chunks === 0) return;
  try {
    const ids = Array.from({ length: chunks }, (_, seq) => vectorId(docId, seq));
    for (let start = 0; start < ids.length; start += 1000) {
      await bindings.index.deleteByIds(ids.slice(start, start + 1000));
    }
  } catch (error) {
    log.error("knowledge_vectors_delete_failed", { siteId, docId, error: String(error) });
  }
}

// The chunks behind vector ids, only the site's own (a stale or foreign id finds nothing), in the ids' order.
const chunksByIds = `SELECT c.id AS chunkId, c.doc_id AS docId, d.title AS title, d.url AS url, c.text AS text,
    j.key AS rank
  FROM json_each(?2) j
    JOIN knowledge_chunks c ON c.doc_id = json_extract(j.value, '$[0]') AND c.seq = json_extract(j.value, '$[1]')
    JOIN knowledge_docs d ON d.id = c.doc_id
  WHERE c.site_id = ?1
  ORDER BY j.key`;

async function searchVectors(
  bindings: VectorBindings,
  db: D1Database,
  siteId: string,
  question: string,
  candidates: number,
): Promise<RetrievedChunk[]> {
  const {
    vectors: [vector],
  } = await embed(bindings.ai, [question], { db, siteId });
  const found = await bindings.index.query(vector ?? [], { topK: candidates, namespace: siteId });
  const keys = found.matches
    .filter((match) => match.score >= minVectorScore)
    .map((match) => /^(.+):(\d+)$/.exec(match.id))
    .flatMap((parts) => (parts?.[1] && parts[2] ? [[parts[1], Number(parts[2])]] : []));
  if (keys.length === 0) return [];
  const rows = await db.prepare(chunksByIds).bind(siteId, JSON.stringify(keys)).all<RetrievedChunk>();
  return rows.results.map(({ chunkId, docId, title, url, text }) => ({ chunkId, docId, title, url, text }));
}

/**
 * The site's chunks nearest in meaning to the question, best first; [] without the bindings, and [] (logged) when
 * Workers AI or Vectorize fails or takes longer than `timeoutMs`, so the turn goes on with full-text results.
 */
export async function vectorSearch(
  env: KnowledgeEnv,
  siteId: string,
  question: string,
  candidates: number,
  timeoutMs = vectorSearchTimeoutMs,
): Promise<RetrievedChunk[]> {
  const bindings = vectorBindings(env);
  if (!bindings || question.trim() === "") return [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([searchVectors(bindings, env.DB, siteId, question, candidates), timeout]);
  } catch (error) {
    log.warn("knowledge_vectors_search_failed", { siteId, error: String(error) });
    return [];
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
