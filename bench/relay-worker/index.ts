// Ways to pass an upstream SSE body to the client, chosen by the first path segment (see bench/relay-split.ts):
//   native     the upstream body as it is (the floor)
//   tee        tee: one branch by the runtime's pipe, the other read in 4 KB blocks (today's include_usage path)
//   pump       a JavaScript ReadableStream that pulls a chunk and enqueues it (today's pump, without its scans)
//   transform  body.pipeThrough(a JavaScript TransformStream that enqueues each chunk)
//   writer     a loop: read a chunk, write it to an IdentityTransformStream (the response reads the native side)
//   awaited    the same loop with BYOB reads into one buffer, each write awaited
//   bytes      a JavaScript byte stream (type "bytes") whose pull does one BYOB read
//   identity   the upstream body piped into an IdentityTransformStream (the committed body's hop), nothing else
//   teeonly    tee: the client gets one branch as is, the other is read like the gateway's meter (below)
//   gateway    the gateway's native path: tee, the client's branch piped into the committed body (an
//              IdentityTransformStream), the other branch read in blocks of whatever queued, 100 ms apart
//              until the client's branch is through (src/inference/passthrough/meter-copy.ts, without its scans)

// workerd's own stream APIs, declared here because bench/ is type-checked with Node's types.
declare class IdentityTransformStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}
type BlockReader = ReadableStreamBYOBReader & {
  readAtLeast(min: number, view: Uint8Array): Promise<ReadableStreamReadResult<Uint8Array>>;
};

/** The relay worker's bindings. */
type RelayEnv = { UPSTREAM_URL: string };

export default {
  async fetch(request: Request, env: RelayEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/healthz") return new Response("ok");
    const [, mode = "native", ...rest] = url.pathname.split("/");
    const upstream = await fetch(`${env.UPSTREAM_URL}/${rest.join("/")}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: request.body,
    });
    const body = upstream.body;
    if (!body) return new Response("no body", { status: 502 });
    const headers = { "content-type": "text/event-stream" };
    if (mode === "native") return new Response(body, { headers });
    if (mode === "transform") {
      return new Response(body.pipeThrough(new TransformStream({ transform: (chunk, c) => c.enqueue(chunk) })), {
        headers,
      });
    }
    if (mode === "pump") {
      const reader = body.getReader();
      const out = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        },
      });
      return new Response(out, { headers });
    }
    if (mode === "bytes") {
      const reader = body.getReader({ mode: "byob" });
      let buffer = new Uint8Array(65_536);
      const out = new ReadableStream({
        type: "bytes",
        async pull(controller) {
          const { done, value } = await reader.read(buffer);
          if (done) return controller.close();
          controller.enqueue(value.slice());
          buffer = new Uint8Array(value.buffer);
        },
      });
      return new Response(out, { headers });
    }
    const { readable, writable } = new IdentityTransformStream();
    if (mode === "awaited") {
      void (async () => {
        const reader = body.getReader({ mode: "byob" });
        const writer = writable.getWriter();
        let buffer = new Uint8Array(65_536);
        for (;;) {
          const { done, value } = await reader.read(buffer);
          if (done) break;
          await writer.write(value.slice());
          buffer = new Uint8Array(value.buffer);
        }
        await writer.close();
      })();
      return new Response(readable, { headers });
    }
    if (mode === "writer") {
      void (async () => {
        const reader = body.getReader();
        const writer = writable.getWriter();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          void writer.write(value);
        }
        await writer.close();
      })();
      return new Response(readable, { headers });
    }
    if (mode === "identity") {
      void body.pipeTo(writable);
      return new Response(readable, { headers });
    }
    if (mode === "teeonly" || mode === "gateway") {
      const [toClient, toMeter] = body.tee();
      let piped = false;
      let wake = () => {};
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const through = () => {
        piped = true;
        wake();
      };
      void drain(toMeter, 65_536, 1, () =>
        piped ? null : Promise.race([woken, new Promise((resolve) => setTimeout(resolve, 100))]),
      );
      if (mode === "teeonly") {
        // No pipe to watch: the meter is woken when its own branch is read to the end.
        return new Response(toClient, { headers });
      }
      void toClient.pipeTo(writable).then(through, through);
      return new Response(readable, { headers });
    }
    // tee (the default)
    const [toClient, toMeter] = body.tee();
    void toClient.pipeTo(writable);
    void drain(toMeter, 16_384, 4096, () => null);
    return new Response(readable, { headers });
  },
};

/**
 * Reads a tee branch to its end like a meter that looks at nothing: BYOB reads of at least `atLeast` bytes into
 * one `size` buffer, waiting for `pause()` (when it gives a promise) between reads.
 */
async function drain(
  branch: ReadableStream<Uint8Array>,
  size: number,
  atLeast: number,
  pause: () => Promise<unknown> | null,
): Promise<void> {
  const reader = branch.getReader({ mode: "byob" }) as BlockReader;
  let buffer = new Uint8Array(size);
  for (;;) {
    const { done, value } = await reader.readAtLeast(atLeast, buffer);
    if (value) buffer = new Uint8Array(value.buffer as ArrayBuffer);
    if (done) return;
    const waiting = pause();
    if (waiting) await waiting;
  }
}
