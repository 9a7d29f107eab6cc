import type { ServerResponse } from "node:http";
import type { Exchange } from "./exchange.ts";
import { sleep, untilAborted, write, writeFlushed } from "./io.ts";

/** One SSE event; `token` events are paced at the request's tokens per second, the others follow at once. */
export type PacedEvent = { text: string; token: boolean };

/**
 * Streams SSE events with the request's pacing (time to first token, then one token per interval). The chat
 * endpoint has its own writer with every stream fault; the other formats (Anthropic Messages, Responses, FIM)
 * use this one, with the mid-stream faults: `drop` closes the connection and `stall` goes silent after
 * `dropafter` tokens (default 5), as on chat completions.
 */
export async function writePaced(
  res: ServerResponse,
  exchange: Pick<Exchange, "signal" | "fault" | "dropConnection" | "options">,
  events: PacedEvent[],
): Promise<void> {
  const { signal, fault, options } = exchange;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const interval = options.tps > 0 ? 1000 / options.tps : 0;
  const breaks = fault === "drop" || fault === "stall";
  if (interval === 0 && options.ttftMs === 0 && !breaks) {
    res.end(events.map((e) => e.text).join(""));
    return;
  }
  res.flushHeaders();
  const startedAt = performance.now() + options.ttftMs;
  let slot = 0;
  for (const event of events) {
    if (event.token) {
      if (breaks && slot === options.dropAfter) {
        await writeFlushed(res, "");
        if (fault === "drop") exchange.dropConnection();
        else await untilAborted(signal);
        return;
      }
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
