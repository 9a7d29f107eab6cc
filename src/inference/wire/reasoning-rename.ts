import { isRecord } from "../../lib/is-record.ts";

const REASONING = '"reasoning":';

/**
 * OpenAI SSE events (complete ones) whose deltas may say `reasoning` (vLLM ≥ 0.17, Ollama) → the same events saying
 * DeepSeek's `reasoning_content`, which /v1 clients read. The key is renamed in the text, with no JSON parse: inside
 * a JSON string a quote is always escaped, so `"reasoning":` can only be a key (and `"reasoning_tokens":` is not
 * it). An event that also has `reasoning_content` (servers between the two names sent both) is parsed and keeps
 * one field, so no event ever has the key twice.
 */
export function renameReasoningEvents(text: string): string {
  if (!text.includes(REASONING)) return text;
  if (!text.includes('"reasoning_content":')) return text.replaceAll(REASONING, '"reasoning_content":');
  return text
    .split("\n")
    .map((line) =>
      line.startsWith("data:") && line.includes(REASONING) ? `data: ${renameIn(line.slice(5), "delta")}` : line,
    )
    .join("\n");
}

/** A non-streamed `chat.completion` whose message says `reasoning` → `reasoning_content`. */
export function renameReasoningMessage(json: string): string {
  return json.includes('"reasoning"') ? renameIn(json, "message") : json;
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
