// Chat-site figures, taken through the site API exactly as the browser uses it (cookie identity).
import { median } from "./stats.ts";

/** A chat-site visitor: their user id and the cookie that proves it. */
export type SiteVisitor = { userId: string; cookie: string };

// Node's WebSocket (undici) accepts request headers in its init object; the DOM typings only know protocols.
type NodeWebSocketConstructor = new (url: string, init: { headers: Record<string, string> }) => WebSocket;
const NodeWebSocket = WebSocket as unknown as NodeWebSocketConstructor;

/** Creates a visitor through `GET /api/me`; null when the site API is not there (yet). */
export async function createSiteVisitor(baseUrl: string): Promise<SiteVisitor | null> {
  const response = await fetch(`${baseUrl}/api/me`, { signal: AbortSignal.timeout(10_000) });
  const body: unknown = await response.json().catch(() => null);
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith("ec_visitor="));
  if (!response.ok || !cookie || typeof body !== "object" || body === null || !("id" in body)) return null;
  if (typeof body.id !== "string") return null;
  return { userId: body.id, cookie: cookie.split(";")[0] ?? "" };
}

/** A GET to time. */
export type TimedGet = { name: string; url: string; headers: Record<string, string> };

/** Timings of one GET: the median over its 2xx answers, how many there were and how many failed. */
export type GetTiming = { medianMs: number; samples: number; failures: number };

/** Sends the GETs round-robin `count` times each (so noise hits all alike) and times each answer in full. */
export async function timeGets(requests: TimedGet[], count: number): Promise<Record<string, GetTiming>> {
  const samples: Record<string, number[]> = Object.fromEntries(requests.map((r) => [r.name, []]));
  const failures: Record<string, number> = Object.fromEntries(requests.map((r) => [r.name, 0]));
  for (let i = 0; i < count; i++) {
    for (const request of requests) {
      const started = performance.now();
      const response = await fetch(request.url, { headers: request.headers, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.ok) samples[request.name]?.push(performance.now() - started);
      else failures[request.name] = (failures[request.name] ?? 0) + 1;
    }
  }
  return Object.fromEntries(
    requests.map((r) => [
      r.name,
      {
        medianMs: median(samples[r.name] ?? []),
        samples: samples[r.name]?.length ?? 0,
        failures: failures[r.name] ?? 0,
      },
    ]),
  );
}

/**
 * Times, for each of `turns` new conversations, from sending `POST …/messages` to the first reasoning or text
 * delta on the conversation's live WebSocket. Stops early on any refusal (e.g. the free tier's rate limit).
 */
export async function timeSiteFirstToken(baseUrl: string, visitor: SiteVisitor, turns: number): Promise<number[]> {
  const headers = { cookie: visitor.cookie, "content-type": "application/json", "x-dev-country": "US" };
  const samples: number[] = [];
  for (let i = 0; i < turns; i++) {
    const created = await fetch(`${baseUrl}/api/conversations`, { method: "POST", headers, body: "{}" });
    const conversation: unknown = await created.json().catch(() => null);
    if (!created.ok || typeof conversation !== "object" || conversation === null || !("id" in conversation)) break;
    const id = String(conversation.id);
    const socket = new NodeWebSocket(`${baseUrl.replace(/^http/, "ws")}/api/conversations/${id}/live`, {
      headers: { cookie: visitor.cookie },
    });
    try {
      await opened(socket);
      const firstToken = nextEvent(socket, (type) => type === "text-delta" || type === "reasoning-delta");
      const ended = nextEvent(socket, (type) => type === "turn-end");
      // Either may be abandoned below (refused send); closing the socket settles them.
      firstToken.catch(() => undefined);
      ended.catch(() => undefined);
      const started = performance.now();
      const sent = await fetch(`${baseUrl}/api/conversations/${id}/messages`, {
        method: "POST",
        headers,
        body: JSON.stringify({ content: `Benchmark turn ${i}`, model: "deepseek-chat" }),
      });
      await sent.arrayBuffer();
      if (!sent.ok) break;
      await firstToken;
      samples.push(performance.now() - started);
      await ended;
    } catch {
      break;
    } finally {
      socket.close();
    }
  }
  return samples;
}

function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("WebSocket did not open within 10 s")), 10_000);
    socket.addEventListener("open", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.addEventListener("error", () => {
      clearTimeout(timer);
      reject(new Error("WebSocket failed to open"));
    });
  });
}

function nextEvent(socket: WebSocket, wanted: (type: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no live event within 15 s")), 15_000);
    socket.addEventListener("close", () => {
      clearTimeout(timer);
      reject(new Error("WebSocket closed"));
    });
    const onMessage = (event: MessageEvent): void => {
      const type = eventType(event.data);
      if (type === null || !wanted(type)) return;
      clearTimeout(timer);
      socket.removeEventListener("message", onMessage);
      resolve();
    };
    socket.addEventListener("message", onMessage);
  });
}

function eventType(data: unknown): string | null {
  if (typeof data !== "string") return null;
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === "object" && parsed !== null && "type" in parsed && typeof parsed.type === "string"
      ? parsed.type
      : null;
  } catch {
    return null;
  }
}
