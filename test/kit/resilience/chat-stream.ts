// Reads an OpenAI-style SSE chat stream (through test/kit/sse.ts), keeping what the suites assert on.
import { readSse } from "../sse.ts";

/** Everything a client saw in one streamed chat completion. */
export type ChatStream = {
  content: string[];
  reasoning: string[];
  finishReasons: string[];
  errors: unknown[];
  usage: unknown;
  done: boolean;
  /** Data lines that were not JSON (a conforming stream has none). */
  malformed: number;
};

/** Consumes the response body; `onToken` is called after each content/reasoning token (e.g. to kill upstream). */
export async function readChatStream(response: Response, onToken?: (count: number) => void): Promise<ChatStream> {
  const seen: ChatStream = {
    content: [],
    reasoning: [],
    finishReasons: [],
    errors: [],
    usage: null,
    done: false,
    malformed: 0,
  };
  const stream = await readSse(response.body, (chunk) => {
    const before = seen.content.length + seen.reasoning.length;
    takeChunk(seen, chunk);
    const after = seen.content.length + seen.reasoning.length;
    if (after > before) onToken?.(after);
  });
  seen.done = stream.done;
  seen.malformed = stream.invalid.length;
  return seen;
}

function takeChunk(seen: ChatStream, chunk: unknown): void {
  if (!isObject(chunk)) return;
  if ("error" in chunk) seen.errors.push(chunk.error);
  if ("usage" in chunk && chunk.usage) seen.usage = chunk.usage;
  const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
  if (!isObject(choice)) return;
  if (typeof choice.finish_reason === "string") seen.finishReasons.push(choice.finish_reason);
  const delta = isObject(choice.delta) ? choice.delta : {};
  if (typeof delta.content === "string" && delta.content) seen.content.push(delta.content);
  if (typeof delta.reasoning_content === "string" && delta.reasoning_content)
    seen.reasoning.push(delta.reasoning_content);
}

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the items' order. */
export async function mapConcurrent<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
