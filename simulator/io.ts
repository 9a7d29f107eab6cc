import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Resolves after `ms` milliseconds, or early with `false` once the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Resolves once the signal aborts (used to hold a connection open until the client leaves). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** Writes data, waiting for `drain` when the socket buffer is full; false once the response is gone. */
export async function write(res: ServerResponse, data: string | Buffer, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || res.destroyed) return false;
  if (res.write(data)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => (): void => {
      res.off("drain", onDrain);
      signal.removeEventListener("abort", onAbort);
      resolve(ok);
    };
    const onDrain = done(true);
    const onAbort = done(false);
    res.once("drain", onDrain);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Writes data and resolves once it has been handed to the kernel (so a following destroy keeps it). */
export function writeFlushed(res: ServerResponse, data: string | Buffer): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.write(data, () => resolve());
  });
}

/** Cut positions that break a buffer into 2–3 pieces, one of them inside a multi-byte UTF-8 character if any. */
export function splitPoints(buf: Buffer): number[] {
  const points = new Set<number>();
  const multi = buf.findIndex((b) => b >= 0xc0);
  if (multi >= 0) points.add(multi + 1);
  points.add(Math.max(1, Math.floor(buf.length / 3)));
  if (points.size < 2 && buf.length > 4) points.add(Math.floor((buf.length * 2) / 3));
  return [...points].filter((p) => p > 0 && p < buf.length).sort((a, b) => a - b);
}

/** Writes one payload in several small writes with a pause between them (for `split`). */
export async function writeInPieces(res: ServerResponse, data: string, signal: AbortSignal): Promise<boolean> {
  const buf = Buffer.from(data, "utf8");
  let start = 0;
  for (const point of [...splitPoints(buf), buf.length]) {
    if (!(await write(res, buf.subarray(start, point), signal))) return false;
    start = point;
    if (point < buf.length && !(await sleep(1, signal))) return false;
  }
  return true;
}

/** Reads the whole request body as UTF-8 text (rejects when larger than 16 MiB or aborted). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("request aborted")));
  });
}

/** Sends a complete JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
