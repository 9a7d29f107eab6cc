/**
 * Server-sent events in, `data` payloads out. Tolerates everything upstreams send in practice: comment lines
 * (`: keep-alive`), blank lines before the first event, CRLF or CR line ends, lines and UTF-8 characters split
 * across chunks, and a last event without its closing blank line. Never parses JSON.
 */
export function sseDataStream(): TransformStream<Uint8Array, string> {
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];

  const dispatch = (controller: TransformStreamDefaultController<string>) => {
    if (data.length > 0) controller.enqueue(data.join("\n"));
    data = [];
  };
  const takeLine = (line: string, controller: TransformStreamDefaultController<string>) => {
    if (line === "") return dispatch(controller);
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== "data") return;
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    data.push(value);
  };
  const drain = (controller: TransformStreamDefaultController<string>, final: boolean) => {
    let start = 0;
    for (;;) {
      const newline = nextLineEnd(buffer, start);
      if (newline === -1) break;
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk unless this is the end.
      if (buffer[newline] === "\r" && newline === buffer.length - 1 && !final) break;
      takeLine(buffer.slice(start, newline), controller);
      start = buffer[newline] === "\r" && buffer[newline + 1] === "\n" ? newline + 2 : newline + 1;
    }
    buffer = buffer.slice(start);
  };

  return new TransformStream({
    transform(chunk, controller) {
      buffer += decoder.decode(chunk, { stream: true });
      drain(controller, false);
    },
    flush(controller) {
      buffer += decoder.decode();
      drain(controller, true);
      if (buffer !== "") takeLine(buffer, controller);
      buffer = "";
      dispatch(controller);
    },
  });
}

function nextLineEnd(text: string, from: number): number {
  const lf = text.indexOf("\n", from);
  const cr = text.indexOf("\r", from);
  if (cr === -1) return lf;
  if (lf === -1) return cr;
  return Math.min(lf, cr);
}
