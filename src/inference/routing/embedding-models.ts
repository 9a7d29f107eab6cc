/** One embedding model edgechat serves. Data, not code: a new model is one entry. */
export type EmbeddingModel = {
  id: string;
  label: string;
  /** The Workers AI model id, or null when only self-hosted servers serve it. */
  workersAi: string | null;
  dimensions: number;
  /** Tokens one input may hold. */
  maxInputTokens: number;
  /** US dollars per million input tokens. */
  pricePerMillion: number;
};

/**
 * The embedding catalog. Workers AI's figures from its model pages
 * (https://developers.cloudflare.com/workers-ai/models/qwen3-embedding-0.6b/, …/bge-m3/); prices per million
 * input tokens from https://developers.cloudflare.com/workers-ai/platform/pricing/ (both $0.012, 1,075 neurons).
 * Usage rows are priced from here (metering/price-table.ts), on Workers AI and self-hosted servers alike.
 * A GPU_POOL server serves a model when it lists the id in its `embeddingModels`.
 */
export const embeddingModels: Readonly<Record<string, EmbeddingModel>> = {
  "qwen3-embedding-0.6b": {
    id: "qwen3-embedding-0.6b",
    label: "Qwen3 Embedding 0.6B",
    workersAi: "@cf/qwen/qwen3-embedding-0.6b",
    dimensions: 1024,
    maxInputTokens: 8192,
    pricePerMillion: 0.012,
  },
  "bge-m3": {
    id: "bge-m3",
    label: "BGE-M3",
    workersAi: "@cf/baai/bge-m3",
    dimensions: 1024,
    maxInputTokens: 8192,
    pricePerMillion: 0.012,
  },
};

/** The embedding model a request names: its id, or the Workers AI name of one (`@cf/baai/bge-m3`). */
export function findEmbeddingModel(name: string): EmbeddingModel | null {
  return embeddingModels[name] ?? Object.values(embeddingModels).find((model) => model.workersAi === name) ?? null;
}
