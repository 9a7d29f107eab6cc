import type { LiveEvent } from "../../conversations/types.ts";
import type { EventLog } from "./event-log.ts";
import type { LiveTurnState } from "./live-turn.ts";

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

/**
 * The last seq a connecting client saw, or null. EventSource reconnects to its original URL (stale `?after=`)
 * plus a fresh Last-Event-ID: the newer wins.
 */
export function resumeAfter(request: Request): number | null {
  const url = new URL(request.url);
  const claims = [parseAfter(url.searchParams.get("after")), parseAfter(request.headers.get("last-event-id"))];
  const known = claims.filter((seq) => seq !== null);
  return known.length > 0 ? Math.max(...known) : null;
}

/**
 * What a connecting client missed. A client that has seen nothing of the stream (no `after`, or 0: it just
 * loaded the conversation from D1) gets only the live turn, if any. One that saw events gets everything
 * after them, including the kept outcome (turn-end, title) of turns that ended while it was away.
 */
export function missedEvents(events: EventLog, turn: LiveTurnState | null, after: number | null): LiveEvent[] {
  if (after === null || after === 0) return turn ? turn.replay(turn.startSeq - 1) : [];
  const missed = events.persistedBetween(after, turn ? turn.startSeq : Number.MAX_SAFE_INTEGER);
  if (turn) missed.push(...turn.replay(after));
  return missed;
}

/** Accepts a hibernatable WebSocket for the visitor, sends it what it missed, and returns the 101 response. */
export function openSocket(ctx: DurableObjectState, visitorId: string, missed: LiveEvent[]): Response {
  const pair = new WebSocketPair();
  const client = pair[0];
  const server = pair[1];
  ctx.acceptWebSocket(server);
  const attachment: SocketAttachment = { userId: visitorId, connectedAt: Date.now() };
  server.serializeAttachment(attachment);
  for (const event of missed) server.send(JSON.stringify(event));
  return new Response(null, { status: 101, webSocket: client });
}

/** Sends an event to every WebSocket and SSE client, serialised once. */
export function broadcastEvent(sockets: WebSocket[], sse: SseClients, event: LiveEvent): void {
  const json = JSON.stringify(event);
  for (const socket of sockets) {
    try {
      socket.send(json);
    } catch {
      // A socket that is closing misses nothing it can still use; it resumes with ?after= on reconnect.
    }
  }
  sse.broadcast(sseFrame(event, json));
}

/** Disconnects every WebSocket (conversation deleted). */
export function closeSockets(sockets: WebSocket[]): void {
  for (const socket of sockets) {
    try {
      socket.close(4404, "conversation deleted");
    } catch {
      // Already closing.
    }
  }
}
