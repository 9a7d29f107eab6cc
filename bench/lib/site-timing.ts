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

/** One timed turn: from the send, and (when the simulator's stats tell) from the upstream's first token write. */
export type SiteTurnTiming = { sinceSendMs: number; sinceUpstreamWriteMs: number | null };

/**
 * Times, for each of `turns` new conversations, from sending `POST …/messages` to the first reasoning or text
 * delta on the conversation's live WebSocket. With `simulatorUrl`, also from the moment the simulator wrote
 * that turn's first token (its `/__stats` `firstTokenAt`, a wall-clock time on this same machine) to the
 * moment the socket received it. Stops early on any refusal (e.g. the free tier's rate limit).
 */
export async function timeSiteFirstToken(
  baseUrl: string,
  visitor: SiteVisitor,
  turns: number,
  simulatorUrl: string | null = null,
): Promise<SiteTurnTiming[]> {
  const headers = { cookie: visitor.cookie, "content-type": "application/json", "x-dev-country": "US" };
  const samples: SiteTurnTiming[] = [];
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
      // The title is asked of the same upstream after the turn: waited for, so it never overlaps the next turn.
      const titled = nextEvent(socket, (type) => type === "title", 5_000);
      // Any may be abandoned below (refused send); closing the socket settles them.
      for (const pending of [firstToken, ended, titled]) pending.catch(() => undefined);
      const upstreamSeen = simulatorUrl ? await simulatorRequests(simulatorUrl) : null;
      const started = performance.now();
      const sent = await fetch(`${baseUrl}/api/conversations/${id}/messages`, {
        method: "POST",
        headers,
        body: JSON.stringify({ content: `Benchmark turn ${i}`, model: "deepseek-chat" }),
      });
      await sent.arrayBuffer();
      if (!sent.ok) break;
      const receivedAt = await firstToken;
      const sinceSendMs = receivedAt - performance.timeOrigin - started;
      const written =
        simulatorUrl && upstreamSeen
          ? firstTokenWrite(await simulatorRequests(simulatorUrl), upstreamSeen.total)
          : null;
      samples.push({ sinceSendMs, sinceUpstreamWriteMs: written === null ? null : receivedAt - written });
      await ended;
      await titled.catch(() => undefined);
    } catch {
      break;
    } finally {
      socket.close();
    }
  }
  return samples;
}

/** The simulator's request log (`GET /__stats`): how many it has seen, and the most recent ones. */
type SimulatorRequests = { total: number; recent: Array<{ stream: boolean; firstTokenAt: number | null }> };

async function simulatorRequests(simulatorUrl: string): Promise<SimulatorRequests | null> {
  const response = await fetch(`${simulatorUrl}/__stats`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
  const body: unknown = await response?.json().catch(() => null);
  if (typeof body !== "object" || body === null || !("total" in body) || !("recent" in body)) return null;
  if (typeof body.total !== "number" || !Array.isArray(body.recent)) return null;
  const recent = body.recent.map((entry: unknown) => {
    const record = typeof entry === "object" && entry !== null ? entry : {};
    const stream = "stream" in record && record.stream === true;
    const at = "firstTokenAt" in record && typeof record.firstTokenAt === "number" ? record.firstTokenAt : null;
    return { stream, firstTokenAt: at };
  });
  return { total: body.total, recent };
}

/**
 * The first-token write time of the first streamed request the simulator received after it had seen
 * `totalBefore` requests: the turn's own (the previous turn's title request was waited for), or null.
 */
function firstTokenWrite(after: SimulatorRequests | null, totalBefore: number): number | null {
  if (!after) return null;
  const added = after.total - totalBefore;
  if (added <= 0 || added > after.recent.length) return null;
  const turn = after.recent.slice(-added).find((entry) => entry.stream);
  return turn?.firstTokenAt ?? null;
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

/** Resolves with the wall-clock time (ms since the epoch, sub-millisecond) the wanted event was received. */
function nextEvent(socket: WebSocket, wanted: (type: string) => boolean, timeoutMs = 15_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no live event within ${timeoutMs} ms`)), timeoutMs);
    socket.addEventListener("close", () => {
      clearTimeout(timer);
      reject(new Error("WebSocket closed"));
    });
    const onMessage = (event: MessageEvent): void => {
      const receivedAt = performance.timeOrigin + performance.now();
      const type = eventType(event.data);
      if (type === null || !wanted(type)) return;
      clearTimeout(timer);
      socket.removeEventListener("message", onMessage);
      resolve(receivedAt);
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
