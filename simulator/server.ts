import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleMessages } from "./anthropic.ts";
import { LEGACY_DEEPSEEK_MODELS, LISTED_DEEPSEEK_MODELS, modelsJson } from "./catalog.ts";
import { handleChat } from "./chat.ts";
import { handleCompletions } from "./completions.ts";
import { handleEmbeddings } from "./embeddings.ts";
import type { ServerContext } from "./exchange.ts";
import { sendJson } from "./io.ts";
import { type Engine, parsePath, type RouteKind, resolveOptions, selfHosted } from "./options.ts";
import { errorJson } from "./protocol.ts";
import { handleResponses } from "./responses.ts";
import { createStatsStore, type SimulatorStats } from "./stats.ts";

export type { SimulatorStats } from "./stats.ts";

/** Options for `startSimulator`; per-request path options and headers override the pacing ones. */
export type SimulatorOptions = {
  port?: number;
  host?: string;
  /** The dialect spoken when a path does not say (`engine=`): DeepSeek's API (default) or vLLM's server. */
  engine?: Engine;
  /**
   * Accept DeepSeek's retired `deepseek-chat` / `deepseek-reasoner` (non-thinking / thinking), which the real API
   * answers with 400 "Model Not Exist". Off by default; a path can also opt in with `legacy=1`.
   */
  legacyModels?: boolean;
  /** Rich Markdown answers (a path can also say `demo=1`); pair with a reading pace (`tokensPerSecond: 30`). */
  demo?: boolean;
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

/** Starts the upstream simulator HTTP server and resolves once it is listening. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? "127.0.0.1";
  const stats = createStatsStore();
  const ctx: ServerContext = {
    stats,
    defaults: {
      engine: options.engine ?? "deepseek",
      legacy: options.legacyModels ?? false,
      demo: options.demo ?? false,
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

async function route(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  res.setHeader("x-edgechat-simulator", "1");
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const parsed = parsePath(path);
  const { pathOptions } = parsed;
  const kind = deepSeekBaseMismatch(ctx, parsed.kind, pathOptions, req, path) ? "unknown" : parsed.kind;
  const method = req.method ?? "GET";
  if (kind === "chat" && method === "POST") return handleChat(req, res, ctx, pathOptions, path);
  if (kind === "completions" && method === "POST") return handleCompletions(req, res, ctx, pathOptions, path);
  if (kind === "embeddings" && method === "POST") return handleEmbeddings(req, res, ctx, pathOptions, path);
  if (kind === "messages" && method === "POST") return handleMessages(req, res, ctx, pathOptions, path);
  if (kind === "responses" && method === "POST") return handleResponses(req, res, ctx, pathOptions, path);
  if (kind === "models" && method === "GET") return sendJson(res, 200, listModels(ctx, pathOptions, req));
  if (kind === "stats" && method === "GET") return sendJson(res, 200, JSON.stringify(ctx.stats.snapshot()));
  if (kind === "reset" && method === "POST") {
    ctx.stats.reset();
    return sendJson(res, 200, JSON.stringify({ ok: true }));
  }
  req.resume();
  if (kind !== "unknown") return sendJson(res, 405, errorJson(`Method ${method} not allowed`, "invalid_request_error"));
  return sendJson(res, 404, errorJson(`No route for ${method} ${path}`, "invalid_request_error"));
}

/**
 * `GET /models`: DeepSeek lists its current names, owned by "deepseek"
 * (https://api-docs.deepseek.com/api/list-models); a self-hosted server lists what it serves, owned by its engine.
 */
function listModels(ctx: ServerContext, pathOptions: Record<string, string>, req: IncomingMessage): string {
  const options = resolveOptions(ctx.defaults, pathOptions, req.headers);
  if (selfHosted(options.engine)) {
    return modelsJson(options.models.length > 0 ? options.models : ["default"], options.engine);
  }
  const legacy = options.legacy ? Object.keys(LEGACY_DEEPSEEK_MODELS) : [];
  return modelsJson([...LISTED_DEEPSEEK_MODELS, ...legacy], "deepseek");
}

/**
 * DeepSeek serves FIM only under its beta base URL (https://api.deepseek.com/beta,
 * https://api-docs.deepseek.com/guides/fim_completion) and the Anthropic format only under
 * https://api.deepseek.com/anthropic (https://api-docs.deepseek.com/guides/anthropic_api): elsewhere those paths
 * do not exist. vLLM serves both at /v1.
 */
function deepSeekBaseMismatch(
  ctx: ServerContext,
  kind: RouteKind,
  pathOptions: Record<string, string>,
  req: IncomingMessage,
  path: string,
): boolean {
  if (kind !== "completions" && kind !== "messages") return false;
  if (resolveOptions(ctx.defaults, pathOptions, req.headers).engine === "vllm") return false;
  return !path.includes(kind === "completions" ? "/beta/" : "/anthropic/");
}
