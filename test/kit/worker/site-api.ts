import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { app } from "../../../src/app.ts";
import type { LiveEvent, Message } from "../../../src/conversations/types.ts";
import { servedModels, workerOrigin } from "../constants.ts";

export const origin = workerOrigin;

/** A fresh anonymous visitor: the cookie header value the site would send. */
export async function newVisitor(): Promise<string> {
  const response = await api("", "GET", "/api/me");
  expect(response.status).toBe(200);
  const setCookie = response.headers.get("set-cookie") ?? "";
  const match = /ec_visitor=([^;]+)/.exec(setCookie);
  if (!match) throw new Error(`no visitor cookie in ${setCookie}`);
  return `ec_visitor=${match[1]}`;
}

/** Simulator pacing for the upstream (tokens per second, answer length...), as path options. */
export type Pace = {
  tps?: number;
  tokens?: number;
  reasoning?: number;
  ttft?: number;
  fault?: string;
  dropafter?: number;
  label?: string;
};

/**
 * The test env with one paced (or faulted) GPU server as the only provider: a fresh server id each time, so
 * the shared circuit breakers never carry one test's faults into another, and no fallback hides a fault.
 */
export function pacedEnv(pace: Pace): Env {
  const id = `gpu-test-${crypto.randomUUID().slice(0, 8)}`;
  const options = Object.entries({ label: id, ...pace })
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
  const onlySelfHosted = { providers: ["self-hosted"] };
  return {
    ...env,
    GPU_POOL: JSON.stringify([
      {
        id,
        url: `${env.SIMULATOR_URL}/${options}`,
        region: "eu",
        models: servedModels,
        weight: 1,
      },
    ]),
    ROUTING_POLICY: JSON.stringify({ plans: { free: onlySelfHosted, pro: onlySelfHosted } }),
  };
}

let fileUpstream: Env | null = null;

/** This test file's own unpaced upstream (its own breaker state, whatever other test files fault). */
function ownUpstream(): Env {
  fileUpstream ??= pacedEnv({});
  return fileUpstream;
}

/** Calls the site API as `cookie`, optionally with a paced upstream. */
export async function api(
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
  options: { env?: Env; headers?: Record<string, string> } = {},
): Promise<Response> {
  const init: RequestInit = {
    method,
    headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }), ...options.headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  };
  return app.request(`${origin}${path}`, init, options.env ?? ownUpstream(), createExecutionContext());
}

/** Creates a conversation and returns its id. */
export async function newConversation(cookie: string, title?: string): Promise<string> {
  const response = await api(cookie, "POST", "/api/conversations", title ? { title } : {});
  expect(response.status).toBe(201);
  return (await response.json<{ id: string }>()).id;
}

export type Conversation = {
  id: string;
  title: string;
  currentLeafId: string | null;
  /** The custom instructions the conversation started with. */
  instructions: string | null;
  messages: Message[];
  live: { assistantMessageId: string; content: string; lastSeq: number } | null;
};

/** GET /api/conversations/:id. */
export async function getConversation(cookie: string, id: string): Promise<Conversation> {
  const response = await api(cookie, "GET", `/api/conversations/${id}`);
  expect(response.status).toBe(200);
  return response.json<Conversation>();
}

/** Polls until the conversation has no live turn and no placeholder, then returns it. */
export async function settled(cookie: string, id: string, timeoutMs = 10_000): Promise<Conversation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const conversation = await getConversation(cookie, id);
    const streaming = conversation.messages.some((message) => message.status === "streaming");
    if (!conversation.live && !streaming) {
      // The finished row is written off the token path: wait until D1 has it too.
      const rows = await env.DB.prepare(
        "SELECT count(*) AS n FROM messages WHERE conversation_id = ? AND status = 'streaming'",
      )
        .bind(id)
        .first<{ n: number }>();
      if (rows?.n === 0) return conversation;
    }
    if (Date.now() > deadline) throw new Error("conversation did not settle");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A live WebSocket client that records every event. */
export type LiveClient = {
  events: LiveEvent[];
  /** Resolves with the first recorded event matching, waiting for it if needed. */
  waitFor(match: (event: LiveEvent) => boolean, timeoutMs?: number): Promise<LiveEvent>;
  close(): void;
};

/** Opens the conversation's live WebSocket as `cookie` (optionally resuming after a seq). */
export async function openLive(cookie: string, conversationId: string, after?: number): Promise<LiveClient> {
  const query = after === undefined ? "" : `?after=${after}`;
  const response = await exports.default.fetch(`${origin}/api/conversations/${conversationId}/live${query}`, {
    headers: { Upgrade: "websocket", cookie },
  });
  expect(response.status).toBe(101);
  const socket = response.webSocket;
  if (!socket) throw new Error("no websocket");
  socket.accept();
  const events: LiveEvent[] = [];
  const waiters = new Set<() => void>();
  socket.addEventListener("message", (message) => {
    events.push(JSON.parse(String(message.data)) as LiveEvent);
    for (const wake of waiters) wake();
  });
  return {
    events,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; saw ${events.map((event) => event.type).join(",")}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      socket.close(1000, "done");
    },
  };
}

/** The text of all text-delta events. */
export function streamedText(events: LiveEvent[]): string {
  return events.map((event) => (event.type === "text-delta" ? event.text : "")).join("");
}
