// Server-Sent Events read over fetch. EventSource cannot send headers, so a client that authenticates with a
// bearer token (the widget's frame, where cookies are blocked) would have to put it in the URL; fetch can send
// it in `Authorization` instead.

/** Callbacks of `readEventStream`. */
export type EventStreamHandlers = {
  onOpen(): void;
  /** The `data` of one event (multi-line data joined with "\n"). */
  onData(data: string): void;
  /** The stream ended or failed (not called after `stop()`). */
  onEnd(): void;
};

/** Splits SSE text into the data of each event; comments, ids and retry lines are dropped. */
function eventData(): TransformStream<string, string> {
  let buffer = "";
  let lines: string[] = [];
  return new TransformStream({
    transform(chunk, controller) {
      buffer += chunk;
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, "");
        buffer = buffer.slice(newline + 1);
        if (line === "") {
          if (lines.length > 0) controller.enqueue(lines.join("\n"));
          lines = [];
        } else if (line.startsWith("data:")) {
          lines.push(line.slice(5).replace(/^ /, ""));
        }
        newline = buffer.indexOf("\n");
      }
    },
  });
}

/** Opens `url` as an event stream with `headers`; returns `stop()`. */
export function readEventStream(
  url: string,
  headers: Record<string, string>,
  handlers: EventStreamHandlers,
): () => void {
  const controller = new AbortController();
  const run = async () => {
    const response = await fetch(url, {
      headers: { accept: "text/event-stream", ...headers },
      credentials: "same-origin",
      cache: "no-store",
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
    handlers.onOpen();
    const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(eventData()).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) handlers.onData(next.value);
  };
  run().then(
    () => {
      if (!controller.signal.aborted) handlers.onEnd();
    },
    () => {
      if (!controller.signal.aborted) handlers.onEnd();
    },
  );
  return () => controller.abort();
}
