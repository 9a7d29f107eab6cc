// Every Workers AI embedding call knowledge makes is an upstream call like any other: one usage row per call, on
// the site, priced from the embedding catalog. Workers AI does not report embedding tokens, so the count is the
// same estimate `/v1/embeddings` uses for it (about four characters a token), marked as estimated.

import type { EmbeddingModel } from "../../inference/routing/embedding-models.ts";
import { uuidV7 } from "../../lib/crypto.ts";
import { log } from "../../lib/log.ts";
import { embeddingUsage, estimateEmbeddingTokens } from "../../metering/embedding-usage.ts";
import { recordUsage } from "../../metering/record-usage.ts";

/** Records the usage row of one embedding call for `siteId` (`format: "knowledge"`); logs rather than throws. */
export async function meterKnowledgeEmbedding(
  db: D1Database,
  siteId: string,
  model: EmbeddingModel,
  texts: readonly string[],
  totalMs: number,
): Promise<void> {
  const promptTokens = texts.reduce((sum, text) => sum + estimateEmbeddingTokens(text), 0);
  try {
    await recordUsage(db, {
      requestId: uuidV7(),
      siteId,
      model: model.id,
      served: {
        provider: "workers-ai",
        targetId: "workers-ai",
        model: model.workersAi ?? model.id,
        region: "cloudflare",
        simulated: false,
        publicModel: model.id,
        substituteFor: null,
      },
      region: "cloudflare",
      usage: embeddingUsage(promptTokens),
      estimated: true,
      ttftMs: totalMs,
      totalMs,
      status: "complete",
      format: "knowledge",
    });
  } catch (error) {
    log.error("knowledge_embedding_usage_failed", { siteId, error: String(error) });
  }
}
