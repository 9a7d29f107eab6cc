/** A streamed answer in a dialect's SSE. */
export function sseResponse(body: ReadableStream<Uint8Array>, headers: Record<string, string>): Response {
  return new Response(body, {
    status: 200,
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...headers },
  });
}

/** A whole answer as JSON, with its length. */
export function jsonResponse(value: unknown, headers: Record<string, string>, status = 200): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** A whole answer DeepSeek gave in the client's dialect, sent as the bytes it came in. */
export function nativeJsonResponse(bytes: Uint8Array, headers: Record<string, string>): Response {
  return new Response(bytes, {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
