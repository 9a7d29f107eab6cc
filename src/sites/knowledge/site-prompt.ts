// The system message of a widget turn: the owner's instructions, the knowledge retrieved for the visitor's question
// (numbered, so the answer can cite it), and the rule that keeps the model from inventing the business's facts.

import type { AppConfig } from "../../config/config.ts";
import { estimateTokens } from "../../conversations/context-window.ts";
import type { Message, Source } from "../../conversations/types.ts";
import type { ChatMessage } from "../../inference/types.ts";
import { log } from "../../lib/log.ts";
import { docLink } from "./doc-link.ts";
import { type KnowledgeEnv, vectorSearch } from "./knowledge-vectors.ts";
import {
  defaultRetrievalLimits,
  fuseRanks,
  knowledgeQuery,
  type RetrievedChunk,
  retrievalStatement,
  withinLimits,
} from "./retrieve.ts";

/** What a widget turn adds to its prompt: the system message, the sources it numbers, and its token estimate. */
export type SiteTurnContext = { system: ChatMessage; sources: Source[]; tokens: number };

/** The rule every widget prompt ends with (tests look for it). */
export const noInventionRule =
  "If the sources don't contain the answer, say you don't know and offer to put the visitor in touch with a person; " +
  "do not invent business facts (prices, opening hours, policies, stock, delivery times, contact details).";

type SiteRow = { name: string; instructions: string };

/** Numbers the chunks' documents in rank order: each document is one source, however many of its chunks came. */
async function numberSources(chunks: RetrievedChunk[], sessionSecret: string | null) {
  const refs = new Map<string, number>();
  const sources: Source[] = [];
  for (const chunk of chunks) {
    if (refs.has(chunk.docId)) continue;
    refs.set(chunk.docId, sources.length + 1);
    const url = chunk.url ?? (sessionSecret ? await docLink(sessionSecret, chunk.docId) : "");
    sources.push({ ref: sources.length + 1, title: chunk.title, url });
  }
  return { refs, sources };
}

/** The widget's system prompt from the site, the retrieved chunks and their source numbers. */
export function sitePrompt(site: SiteRow, chunks: RetrievedChunk[], refs: Map<string, number>): string {
  const parts = [`You are the chat assistant on the website of ${site.name}, answering its visitors.`];
  if (site.instructions !== "") parts.push(`Instructions from the site owner:\n${site.instructions}`);
  if (chunks.length === 0) {
    parts.push("Sources: nothing in the site's knowledge base matches this question.");
  } else {
    const quoted = chunks.map((chunk) => `[${refs.get(chunk.docId)}] ${chunk.title}\n${chunk.text}`);
    parts.push(
      `Sources from the site's knowledge base (cite the ones you use as [1], [2], …):\n\n${quoted.join("\n\n")}`,
    );
  }
  parts.push(
    `Rules: answer questions about the business from the sources and the owner's instructions. ${noInventionRule}`,
  );
  return parts.join("\n\n");
}

/**
 * The context of a widget turn for the visitor's latest question: reads the site's instructions and retrieves its
 * knowledge in one D1 round trip, fused with a bounded vector search when Vectorize is bound (knowledge-vectors.ts).
 * Null when the site is gone. A failed read degrades to the rule alone.
 */
export async function siteTurnContext(
  env: KnowledgeEnv,
  config: AppConfig,
  siteId: string,
  path: ReadonlyArray<Pick<Message, "role" | "content">>,
): Promise<SiteTurnContext | null> {
  const db = env.DB;
  const question = path.findLast((message) => message.role === "user")?.content ?? "";
  const query = knowledgeQuery(question);
  const site = db.prepare("SELECT name, instructions FROM sites WHERE id = ?1 AND deleted_at IS NULL").bind(siteId);
  const limits = defaultRetrievalLimits;
  let siteRow: SiteRow | undefined;
  let ranked: RetrievedChunk[] = [];
  // Started first so the embedding and vector query overlap the D1 read; it never throws (bounded, logged).
  const semantic = vectorSearch(env, siteId, question, limits.maxChunks * 2);
  try {
    const statements = query ? [site, retrievalStatement(db, query, siteId, limits.maxChunks * 2)] : [site];
    const [sites, chunks] = await db.batch<SiteRow | RetrievedChunk>(statements);
    siteRow = sites?.results[0] as SiteRow | undefined;
    ranked = (chunks?.results ?? []) as RetrievedChunk[];
  } catch (error) {
    log.error("site_context_failed", { siteId, error: String(error) });
    siteRow = { name: "this business", instructions: "" };
  }
  if (!siteRow) return null;
  const chunks = withinLimits(fuseRanks([ranked, await semantic]), limits);
  const { refs, sources } = await numberSources(chunks, config.sessionSecret);
  const content = sitePrompt(siteRow, chunks, refs);
  return { system: { role: "system", content }, sources, tokens: estimateTokens(content) };
}
