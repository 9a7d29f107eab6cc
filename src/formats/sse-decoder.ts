/** An incremental SSE reader that hands back `data` payloads synchronously (no stream hop per event). */
export type SseDecoder = {
  /** The payloads completed by these bytes. */
  push(bytes: Uint8Array): string[];
  /** The payloads still buffered when the bytes end (a last event without its blank line). */
  end(): string[];
};

/**
 * Server-sent events in, `data` payloads out, with the tolerance of inference/sse.ts (comment lines, CRLF or CR,
 * lines and UTF-8 characters split across chunks, a last event without its closing blank line), but called
 * synchronously so that a dialect renders each upstream chunk in one pass.
 */
export function createSseDecoder(): SseDecoder {
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  const take = (line: string, out: string[]) => {
    if (line === "") {
      if (data.length > 0) out.push(data.join("\n"));
      data = [];
      return;
    }
    if (line.charCodeAt(0) === 0x3a) return;
    const colon = line.indexOf(":");
    if ((colon === -1 ? line : line.slice(0, colon)) !== "data") return;
    const value = colon === -1 ? "" : line.slice(colon + 1);
    data.push(value.charCodeAt(0) === 0x20 ? value.slice(1) : value);
  };
  const drain = (final: boolean): string[] => {
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const lf = buffer.indexOf("\n", start);
      const cr = buffer.indexOf("\r", start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(lf, cr);
      if (end === -1) break;
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk unless this is the end.
      if (buffer.charCodeAt(end) === 0x0d && end === buffer.length - 1 && !final) break;
      take(buffer.slice(start, end), out);
      start = buffer.charCodeAt(end) === 0x0d && buffer.charCodeAt(end + 1) === 0x0a ? end + 2 : end + 1;
    }
    buffer = buffer.slice(start);
    return out;
  };
  return {
    push(bytes) {
      buffer += decoder.decode(bytes, { stream: true });
      return drain(false);
    },
    end() {
      buffer += decoder.decode();
      const out = drain(true);
      if (buffer !== "") take(buffer, out);
      buffer = "";
      take("", out);
      return out;
    },
  };
}
