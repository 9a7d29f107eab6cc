import { z } from "zod";

/** One self-hosted OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama...). */
export const gpuServerSchema = z.object({
  id: z.string().min(1),
  /** Base URL; `/v1/chat/completions` is appended unless it already ends in `/v1`. */
  url: z.url(),
  /** Where the data goes: a region code such as `eu`, `us`, `asia`. */
  region: z.string().min(1),
  /** Public model ids it serves, optionally mapped to its own id: `["deepseek-chat"]` or `{"deepseek-chat":"Qwen/…"}`. */
  models: z.union([z.array(z.string().min(1)).min(1), z.record(z.string(), z.string().min(1))]),
  weight: z.number().positive().default(1),
  /** Requests in flight allowed at once on this server. */
  maxConcurrency: z.number().int().positive().default(64),
});

export type GpuServer = z.infer<typeof gpuServerSchema>;

export const gpuPoolSchema = z.array(gpuServerSchema);
