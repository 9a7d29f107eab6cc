// Live events of one conversation: WebSocket first, Server-Sent Events when WebSockets do not work.
// Reconnects with backoff and resumes with `after=<last seq>`, so the server replays exactly what we missed;
// anything at or below the last seq is dropped here too (no duplicates across reconnects).

import { type LiveEvent, parseLiveEvent } from "../../contract/site-api.ts";
import { readEventStream } from "./fetch-event-stream.ts";

/** Subprotocol of the live WebSocket (src/identity/token-transport.ts); the token rides as a second entry. */
const liveSubprotocol = "edgechat";
const tokenSubprotocolPrefix = "edgechat.token.";

/** Connection state, shown to the visitor as "Reconnecting…" / "Offline". */
export type LiveStatus = "connecting" | "open" | "reconnecting" | "offline" | "closed";

/** Options of `connectLive`. */
export type LiveClientOptions = {
  conversationId: string;
  /** Last seq already applied; the server replays everything after it. */
  after: number;
  onEvent(event: LiveEvent): void;
  onStatus?(status: LiveStatus): void;
  /**
   * Visitor token for embeds where cookies are blocked: sent in `Authorization` (SSE over fetch) or as a
   * WebSocket subprotocol, never in the URL (which lands in logs).
   */
  token?: string;
  /** Force a transport (tests, or environments known to block WebSockets). */
  transport?: "auto" | "websocket" | "sse";
  /** Origin of the API (default: this page's). */
  origin?: string;
};

/** A running live connection. */
export type LiveClient = {
  /** Last seq received. */
  readonly lastSeq: number;
  readonly transport: "websocket" | "sse";
  close(): void;
};

const MAX_BACKOFF_MS = 8000;

/** Opens the live stream of a conversation and keeps it open until `close()`. */
export function connectLive(options: LiveClientOptions): LiveClient {
  let lastSeq = options.after;
  let transport: "websocket" | "sse" = options.transport === "sse" ? "sse" : "websocket";
  let closed = false;
  let attempt = 0;
  let websocketFailures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let teardown: (() => void) | null = null;
  const origin = options.origin ?? location.origin;

  const status = (value: LiveStatus) => options.onStatus?.(value);
  const deliver = (text: string) => {
    const event = parseLiveEvent(text);
    if (!event || event.seq <= lastSeq) return;
    lastSeq = event.seq;
    options.onEvent(event);
  };
  const url = (scheme: "ws" | "http") => {
    const target = new URL(`/api/conversations/${encodeURIComponent(options.conversationId)}/live`, origin);
    if (scheme === "ws") target.protocol = target.protocol === "https:" ? "wss:" : "ws:";
    target.searchParams.set("after", String(lastSeq));
    return target.toString();
  };

  const scheduleReconnect = () => {
    teardown?.();
    teardown = null;
    if (closed) return;
    status(navigator.onLine === false ? "offline" : "reconnecting");
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
    attempt++;
    clearTimeout(timer);
    timer = setTimeout(open, delay);
  };

  const openWebSocket = () => {
    const socket = options.token
      ? new WebSocket(url("ws"), [liveSubprotocol, `${tokenSubprotocolPrefix}${options.token}`])
      : new WebSocket(url("ws"));
    let openedAt: number | null = null;
    let received = false;
    socket.onopen = () => {
      openedAt = Date.now();
      attempt = 0;
      status("open");
    };
    socket.onmessage = (message) => {
      received = true;
      websocketFailures = 0;
      if (typeof message.data === "string") deliver(message.data);
    };
    socket.onclose = () => {
      // A socket that never opened, or that a proxy dropped at once without a single event, counts as
      // "WebSockets do not work here"; after two of those we switch to Server-Sent Events for good.
      const useless = openedAt === null || (!received && Date.now() - openedAt < 3000);
      if (useless && options.transport !== "websocket" && ++websocketFailures >= 2) transport = "sse";
      scheduleReconnect();
    };
    teardown = () => {
      socket.onclose = null;
      socket.close();
    };
  };

  const openTokenEventStream = (token: string) => {
    teardown = readEventStream(
      url("http"),
      { authorization: `Bearer ${token}` },
      {
        onOpen() {
          attempt = 0;
          status("open");
        },
        onData: deliver,
        onEnd: scheduleReconnect,
      },
    );
  };

  const openEventSource = () => {
    if (options.token) return openTokenEventStream(options.token);
    // EventSource reconnects by itself but with the *original* URL; we reconnect ourselves to move `after`.
    const source = new EventSource(url("http"), { withCredentials: true });
    source.onopen = () => {
      attempt = 0;
      status("open");
    };
    source.onmessage = (message) => deliver(message.data);
    source.onerror = () => scheduleReconnect();
    teardown = () => source.close();
  };

  function open(): void {
    if (closed) return;
    if (navigator.onLine === false) {
      status("offline");
      return;
    }
    status(attempt === 0 ? "connecting" : "reconnecting");
    if (transport === "websocket") openWebSocket();
    else openEventSource();
  }

  const onOnline = () => {
    attempt = 0;
    clearTimeout(timer);
    teardown?.();
    open();
  };
  const onOffline = () => status("offline");
  addEventListener("online", onOnline);
  addEventListener("offline", onOffline);
  open();

  return {
    get lastSeq() {
      return lastSeq;
    },
    get transport() {
      return transport;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      removeEventListener("online", onOnline);
      removeEventListener("offline", onOffline);
      teardown?.();
      teardown = null;
      status("closed");
    },
  };
}
