// The chat site's API as the browser uses it: a cookie identity and a live WebSocket per conversation.
import { isObject } from "./chat-stream.ts";

/** A visitor's cookie and user id. */
export type Visitor = { userId: string; cookie: string };

/** A live connection that records every event and lets a test wait for one. */
export type Live = {
  events: Array<Record<string, unknown>>;
  /** Resolves with the first recorded event (past or future) matching, or rejects after `timeoutMs`. */
  waitFor(match: (event: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): void;
};

// Node's WebSocket (undici) accepts request headers in its init object; the DOM typings only know protocols.
type NodeWebSocketConstructor = new (url: string, init: { headers: Record<string, string> }) => WebSocket;
const NodeWebSocket = WebSocket as unknown as NodeWebSocketConstructor;

/** Creates a visitor through `GET /api/me`. */
export async function createVisitor(baseUrl: string): Promise<Visitor> {
  const response = await fetch(`${baseUrl}/api/me`, { headers: { "x-dev-country": "US" } });
  const body: unknown = await response.json();
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith("ec_visitor="));
  if (!response.ok || !cookie || !isObject(body) || typeof body.id !== "string") {
    throw new Error(`GET /api/me failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return { userId: body.id, cookie: cookie.split(";")[0] ?? "" };
}

/** Opens the conversation's live WebSocket and resolves once it is open. */
export async function openLive(baseUrl: string, conversationId: string, visitor: Visitor): Promise<Live> {
  const socket = new NodeWebSocket(`${baseUrl.replace(/^http/, "ws")}/api/conversations/${conversationId}/live`, {
    headers: { cookie: visitor.cookie },
  });
  const events: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  socket.addEventListener("message", (message) => {
    if (typeof message.data !== "string") return;
    const parsed: unknown = JSON.parse(message.data);
    if (isObject(parsed)) events.push(parsed);
    for (const listener of listeners) listener();
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error("live WebSocket failed to open")), { once: true });
  });
  return {
    events,
    waitFor(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = events.find(match);
          if (!found) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no matching live event within ${timeoutMs} ms; got ${JSON.stringify(events.slice(-5))}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}
