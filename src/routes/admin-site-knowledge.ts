import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env.ts";
import { AppError, notFound } from "../http/app-error.ts";
import { readJsonBody, validate } from "../http/json-body.ts";
import { fetchPage } from "../sites/knowledge/fetch-page.ts";
import {
  countKnowledgeDocs,
  deleteKnowledgeDoc,
  insertKnowledgeDoc,
  type KnowledgeDoc,
  listKnowledgeDocs,
  type NewKnowledgeDoc,
} from "../sites/knowledge/knowledge-store.ts";
import { deleteDocVectors, indexDocVectors } from "../sites/knowledge/knowledge-vectors.ts";
import { siteTurnContext } from "../sites/knowledge/site-prompt.ts";
import { outboundUrlProblem } from "../sites/outbound-url.ts";
import { requireLiveSiteId } from "../sites/site-store.ts";

/** Documents per site: enough for a shop's pages and policies, bounded so retrieval stays fast. */
export const maxDocsPerSite = 500;
// Pasted text must fit the 64 KiB admin body with its JSON escaping; longer documents come by URL.
const maxTextChars = 60_000;
// What is kept of a fetched page's text (the chunker indexes at most ~320 KB of it).
const maxPageChars = 400_000;

const title = z.string().trim().min(1).max(200);
const knowledgeBody = z.union([
  z.strictObject({ title, text: z.string().trim().min(1).max(maxTextChars) }),
  z.strictObject({ title: title.optional(), url: z.string().trim().min(1).max(2048) }),
]);

const previewQuery = z.object({ q: z.string().trim().min(1).max(4000) });

function present(doc: KnowledgeDoc) {
  return {
    id: doc.id,
    title: doc.title,
    url: doc.url,
    source: doc.url === null ? "text" : "url",
    chars: doc.chars,
    chunks: doc.chunks,
    fetchedAt: doc.fetchedAt === null ? null : new Date(doc.fetchedAt).toISOString(),
    createdAt: new Date(doc.createdAt).toISOString(),
  };
}

/**
 * A site's knowledge (mounted under /admin/api/sites/:id/knowledge): add pasted text or a page the Worker fetches,
 * list, delete. Documents are chunked and indexed as they are stored.
 */
export const adminSiteKnowledge = new Hono<AppEnv>()
  .post("/", async (c) => {
    const siteId = await requireLiveSiteId(c.env.DB, c.req.param("id") ?? "");
    const body = await readJsonBody(c, knowledgeBody);
    if ((await countKnowledgeDocs(c.env.DB, siteId)) >= maxDocsPerSite) {
      throw new AppError(400, `A site holds at most ${maxDocsPerSite} documents; delete some first.`, {
        code: "knowledge_full",
      });
    }
    let input: NewKnowledgeDoc;
    if ("text" in body) {
      input = { ...body, url: null, fetchedAt: null };
    } else {
      const localDev = c.get("config").devRegionHeader;
      const problem = outboundUrlProblem(body.url, localDev);
      if (problem) throw new AppError(400, `Invalid 'url': ${problem}.`, { code: "invalid_request", param: "url" });
      const page = await fetchPage(body.url, localDev);
      input = {
        title: body.title ?? page.title ?? new URL(body.url).hostname,
        text: page.text.slice(0, maxPageChars),
        url: body.url,
        fetchedAt: page.fetchedAt,
      };
    }
    const { doc, stored } = await insertKnowledgeDoc(c.env.DB, siteId, input);
    // With a Vectorize index bound, the chunks are also embedded (best effort: FTS already finds them).
    await indexDocVectors(c.env, siteId, doc.id, stored);
    return c.json(present(doc), 201);
  })
  // What the widget would send the model for a visitor's question: the system message and its sources. For owners
  // checking their knowledge, and for the bench (`retrievalMs`: the read the turn's setup waits for).
  .get("/preview", async (c) => {
    const siteId = await requireLiveSiteId(c.env.DB, c.req.param("id") ?? "");
    const { q } = validate(previewQuery, c.req.query());
    const started = performance.now();
    const context = await siteTurnContext(c.env, c.get("config"), siteId, [{ role: "user", content: q }]);
    const retrievalMs = performance.now() - started;
    if (!context) throw notFound("site");
    return c.json({ system: context.system.content, sources: context.sources, retrievalMs });
  })
  .get("/", async (c) => {
    const docs = await listKnowledgeDocs(c.env.DB, await requireLiveSiteId(c.env.DB, c.req.param("id") ?? ""));
    return c.json({ data: docs.map(present) });
  })
  .delete("/:docId", async (c) => {
    const docId = c.req.param("docId");
    const siteId = await requireLiveSiteId(c.env.DB, c.req.param("id") ?? "");
    const chunks = await deleteKnowledgeDoc(c.env.DB, siteId, docId);
    if (chunks === null) throw notFound("document");
    await deleteDocVectors(c.env, siteId, docId, chunks);
    return c.json({ id: docId, deleted: true });
  });
