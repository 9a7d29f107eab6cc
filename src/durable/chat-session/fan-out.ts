import type { LiveEvent } from "../../chat/types.ts";

/** What a live socket remembers across hibernation. */
export type SocketAttachment = { userId: string; connectedAt: number };

/** Server-Sent Events framing: the seq is the event id, so `Last-Event-ID` resumes. */
export function sseFrame(event: LiveEvent, json: string): string {
  return `id: ${event.seq}\ndata: ${json}\n\n`;
}

// Proxies drop responses that stay silent too long (Cloudflare: 100 s); a comment line keeps SSE open.
const heartbeatMs = 25_000;

/** The SSE clients of one object (WebSockets are tracked by the runtime, SSE writers here). */
export class SseClients {
  private readonly writers = new Set<WritableStreamDefaultWriter<string>>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  /** Opens an SSE response that first replays `initial`, then receives every broadcast. */
  open(initial: LiveEvent[]): Response {
    const stream = new TextEncoderStream();
    const writer = stream.writable.getWriter();
    this.writers.add(writer);
    this.heartbeat ??= setInterval(() => this.beat(), heartbeatMs);
    // Tells EventSource how soon to reconnect after a drop; the comment flushes headers through proxies.
    this.send(writer, "retry: 1000\n: connected\n\n");
    for (const event of initial) this.send(writer, sseFrame(event, JSON.stringify(event)));
    return new Response(stream.readable, {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform" },
    });
  }

  /** Writes a frame to every open SSE client, dropping the ones that went away. */
  broadcast(frame: string): void {
    for (const writer of this.writers) this.send(writer, frame);
  }

  /** Ends every SSE stream (conversation deleted). */
  closeAll(): void {
    for (const writer of this.writers) writer.close().catch(() => {});
    this.writers.clear();
    this.beat();
  }

  private send(writer: WritableStreamDefaultWriter<string>, frame: string): void {
    writer.write(frame).catch(() => this.writers.delete(writer));
  }

  /** Sends the keep-alive comment; stops the timer once no SSE client is left (so the object may hibernate). */
  private beat(): void {
    if (this.writers.size === 0) {
      if (this.heartbeat !== null) clearInterval(this.heartbeat);
      this.heartbeat = null;
      return;
    }
    this.broadcast(": keep-alive\n\n");
  }
}

/** Parses `?after=` / `Last-Event-ID`: the last seq the client saw, or null when it says nothing. */
export function parseAfter(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const seq = Number(value);
  return Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
}
