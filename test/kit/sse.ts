// Reading server-sent events in tests, the way a tolerant client does: LF or CRLF, comments, multi-line data.

/** An SSE body taken apart: the JSON payloads, whether `[DONE]` arrived, comment lines, payloads that were not JSON. */
export type SseStream<T = unknown> = { chunks: T[]; done: boolean; comments: string[]; invalid: string[]; raw: string };

/** Parses SSE text: each event's `data:` lines joined, `[DONE]` noted, JSON parsed (what is not JSON kept apart). */
export function parseSse<T = unknown>(raw: string): SseStream<T> {
  const out: SseStream<T> = { chunks: [], done: false, comments: [], invalid: [], raw };
  for (const block of raw.split(/\r?\n\r?\n/)) {
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(":")) out.comments.push(line);
      else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) continue;
    const payload = data.join("\n");
    if (payload === "[DONE]") {
      out.done = true;
      continue;
    }
    try {
      out.chunks.push(JSON.parse(payload) as T);
    } catch {
      out.invalid.push(payload);
    }
  }
  return out;
}

/** The JSON payloads of an SSE body, `[DONE]` excluded; a payload that is not JSON fails the test. */
export function sseEvents<T = unknown>(raw: string): T[] {
  const stream = parseSse<T>(raw);
  if (stream.invalid.length > 0) throw new Error(`not JSON: ${stream.invalid[0]}`);
  return stream.chunks;
}

/**
 * Reads an SSE body as it arrives, as `parseSse` reads it whole: `onChunk` sees each JSON payload as soon as its
 * event is complete (so a test can act mid-stream, e.g. kill the upstream after the third token).
 */
export async function readSse<T = unknown>(
  body: ReadableStream<Uint8Array> | null,
  onChunk?: (chunk: T) => void,
): Promise<SseStream<T>> {
  const out: SseStream<T> = { chunks: [], done: false, comments: [], invalid: [], raw: "" };
  const take = (events: string): void => {
    const part = parseSse<T>(events);
    out.done ||= part.done;
    out.comments.push(...part.comments);
    out.invalid.push(...part.invalid);
    for (const chunk of part.chunks) {
      out.chunks.push(chunk);
      onChunk?.(chunk);
    }
  };
  if (!body) return out;
  const decoder = new TextDecoder();
  let pending = "";
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    out.raw += text;
    pending += text;
    // Every part but the last is a complete event; the last may still be arriving.
    const events = pending.split(/\r?\n\r?\n/);
    pending = done ? "" : (events.pop() ?? "");
    for (const event of events) take(event);
    if (done) return out;
  }
}
