import type { Engine } from "../types.ts";

/**
 * Engines that return reasoning as `reasoning` instead of DeepSeek's `reasoning_content`: vLLM since v0.17
 * (docs.vllm.ai/en/stable/features/reasoning_outputs: "reasoning used to be called reasoning_content"), Ollama's
 * OpenAI-compatible endpoint, and unknown OpenAI-compatible servers (either field may come). Their answers are
 * renamed where /v1 sends them on, whole or streamed (wire/reasoning-rename.ts, used by proxy-complete.ts and
 * proxy-pump.ts); the chat site reads either field (wire/openai-chunks.ts).
 */
const renamingEngines = new Set<Engine>(["vllm", "ollama", "openai"]);

/** True when `engine`'s answers must be rewritten so that /v1 clients always read `reasoning_content`. */
export function needsReasoningRename(engine: Engine): boolean {
  return renamingEngines.has(engine);
}
