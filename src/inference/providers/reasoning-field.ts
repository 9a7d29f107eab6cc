import { isRecord } from "../../lib/is-record.ts";
import type { Engine } from "../types.ts";
import { sseDataStream } from "../wire/sse.ts";

/**
 * Engines that return reasoning as `reasoning` instead of DeepSeek's `reasoning_content`: vLLM since v0.17
 * (docs.vllm.ai/en/stable/features/reasoning_outputs: "reasoning used to be called reasoning_content"), Ollama's
 * OpenAI-compatible endpoint, and unknown OpenAI-compatible servers (either field may come).
 */
const renamingEngines = new Set<Engine>(["vllm", "ollama", "openai"]);

const encoder = new TextEncoder();

/** True when `engine`'s answers must be rewritten so that /v1 clients always read `reasoning_content`. */
export function needsReasoningRename(engine: Engine): boolean {
  return renamingEngines.has(engine);
}

/**
 * OpenAI SSE bytes whose deltas say `reasoning` → the same events saying `reasoning_content`. Events without the
 * field are re-framed untouched (no JSON parse): only reasoning deltas pay for a parse. No abort signal of its
 * own: the body is a fetch's, which the request's signal already cancels (a piped signal would reject the pipe
 * with nobody to handle it).
 */
export function renameReasoningStream(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return body.pipeThrough(sseDataStream()).pipeThrough(
    new TransformStream<string, Uint8Array>({
      transform(data, controller) {
        const text = data.includes('"reasoning"') ? renameInChunk(data) : data;
        controller.enqueue(encoder.encode(`data: ${text}\n\n`));
      },
    }),
  );
}

/** A non-streamed `chat.completion` whose message says `reasoning` → `reasoning_content`. */
export function renameReasoningCompletion(json: string): string {
  if (!json.includes('"reasoning"')) return json;
  return renameIn(json, "message");
}

function renameInChunk(data: string): string {
  return renameIn(data, "delta");
}

function renameIn(text: string, part: "delta" | "message"): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isRecord(json) || !Array.isArray(json.choices)) return text;
  for (const choice of json.choices) {
    const holder = isRecord(choice) ? choice[part] : null;
    if (!isRecord(holder) || typeof holder.reasoning !== "string") continue;
    if (typeof holder.reasoning_content !== "string") holder.reasoning_content = holder.reasoning;
    delete holder.reasoning;
  }
  return JSON.stringify(json);
}
