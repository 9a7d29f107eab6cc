import type { ServerResponse } from "node:http";
import { sleep, write } from "./io.ts";
import type { RequestOptions } from "./options.ts";

/** One SSE event; `token` events are paced at the request's tokens per second, the others follow at once. */
export type PacedEvent = { text: string; token: boolean };

/**
 * Streams SSE events with the request's pacing (time to first token, then one token per interval). The chat
 * endpoint has its own writer with the stream faults; the other formats use this one.
 */
export async function writePaced(
  res: ServerResponse,
  signal: AbortSignal,
  events: PacedEvent[],
  options: RequestOptions,
): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const interval = options.tps > 0 ? 1000 / options.tps : 0;
  if (interval === 0 && options.ttftMs === 0) {
    res.end(events.map((e) => e.text).join(""));
    return;
  }
  res.flushHeaders();
  const startedAt = performance.now() + options.ttftMs;
  let slot = 0;
  for (const event of events) {
    if (event.token) {
      if (!(await sleep(startedAt + slot * interval - performance.now(), signal))) return;
      slot++;
    }
    if (!(await write(res, event.text, signal))) return;
  }
  res.end();
}

/** An SSE event with a name (`event: …`), as Anthropic's and OpenAI's Responses streams send them. */
export function namedEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
