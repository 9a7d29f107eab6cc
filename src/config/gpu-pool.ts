import * as z from "zod";

/** One self-hosted OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama...). */
export const gpuServerSchema = z.object({
  id: z.string().min(1),
  /** Base URL; `/v1/chat/completions` is appended unless it already ends in `/v1`. */
  url: z.url(),
  /** Where the data goes: a region code such as `eu`, `us`, `asia`. */
  region: z.string().min(1),
  /**
   * The inference engine, which decides the dialect: how thinking is switched, what the reasoning field is
   * called, how earlier reasoning is passed back (docs/inference.md#engines). Plain OpenAI-compatible by default.
   */
  engine: z.enum(["vllm", "sglang", "llama.cpp", "ollama", "openai"]).default("openai"),
  /** Public model ids it serves, optionally mapped to its own id: `["deepseek-flash"]` or `{"deepseek-flash":"deepseek-ai/…"}`. */
  models: z.union([z.array(z.string().min(1)).min(1), z.record(z.string(), z.string().min(1))]),
  /** Embedding model ids (see inference/embedding-models.ts) it serves at `/v1/embeddings`, optionally mapped to its own id. */
  embeddingModels: z.union([z.array(z.string().min(1)), z.record(z.string(), z.string().min(1))]).optional(),
  weight: z.number().positive().default(1),
  /** Requests in flight allowed at once on this server. */
  maxConcurrency: z.number().int().positive().default(64),
});

export type GpuServer = z.infer<typeof gpuServerSchema>;

export const gpuPoolSchema = z.array(gpuServerSchema);
