import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ChatContext, handleChat } from "./chat.ts";
import { sendJson } from "./io.ts";
import { parsePath } from "./options.ts";
import { errorJson } from "./protocol.ts";
import { createStatsStore, type SimulatorStats } from "./stats.ts";

export type { SimulatorStats } from "./stats.ts";

/** Options for `startSimulator`; per-request path options and headers override the pacing ones. */
export type SimulatorOptions = {
  port?: number;
  host?: string;
  tokensPerSecond?: number;
  timeToFirstTokenMs?: number;
  answerTokens?: number;
  reasoningTokens?: number;
  quiet?: boolean;
};

/** A running simulator. */
export type Simulator = {
  url: string;
  port: number;
  stats(): SimulatorStats;
  reset(): void;
  close(): Promise<void>;
};

const MODELS = JSON.stringify({
  object: "list",
  data: [
    { id: "deepseek-chat", object: "model", owned_by: "edgechat-simulator" },
    { id: "deepseek-reasoner", object: "model", owned_by: "edgechat-simulator" },
  ],
});

/** Starts the upstream simulator HTTP server and resolves once it is listening. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? "127.0.0.1";
  const stats = createStatsStore();
  const ctx: ChatContext = {
    stats,
    defaults: {
      tps: options.tokensPerSecond ?? 0,
      ttftMs: options.timeToFirstTokenMs ?? 0,
      answerTokens: options.answerTokens ?? 40,
      reasoningTokens: options.reasoningTokens ?? 30,
    },
  };
  const server = createServer((req, res) => {
    route(req, res, ctx).catch((error: unknown) => {
      if (!options.quiet) console.error("[simulator] handler failed:", error);
      if (!res.headersSent) sendJson(res, 500, errorJson("Simulator internal error", "server_error"));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats: () => stats.snapshot(),
    reset: () => stats.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: ChatContext): Promise<void> {
  res.setHeader("x-edgechat-simulator", "1");
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const { kind, pathOptions } = parsePath(path);
  const method = req.method ?? "GET";
  if (kind === "chat" && method === "POST") return handleChat(req, res, ctx, pathOptions, path);
  if (kind === "models" && method === "GET") return sendJson(res, 200, MODELS);
  if (kind === "stats" && method === "GET") return sendJson(res, 200, JSON.stringify(ctx.stats.snapshot()));
  if (kind === "reset" && method === "POST") {
    ctx.stats.reset();
    return sendJson(res, 200, JSON.stringify({ ok: true }));
  }
  req.resume();
  if (kind !== "unknown") return sendJson(res, 405, errorJson(`Method ${method} not allowed`, "invalid_request_error"));
  return sendJson(res, 404, errorJson(`No route for ${method} ${path}`, "invalid_request_error"));
}
