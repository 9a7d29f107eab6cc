import type { IncomingHttpHeaders } from "node:http";

/**
 * Which provider's dialect the simulator speaks: DeepSeek's API, or a self-hosted server. vLLM (≥ 0.17) and SGLang
 * answer alike except for where streamed reasoning goes (`reasoning` against `reasoning_content`).
 */
export type Engine = "deepseek" | "vllm" | "sglang";

export const engines: readonly Engine[] = ["deepseek", "vllm", "sglang"];

/** True for the engines that are a self-hosted server (they serve what they were started with, owned by their name). */
export function selfHosted(engine: Engine): boolean {
  return engine !== "deepseek";
}

/** Per-request behaviour after merging server defaults, path options and headers. */
export type RequestOptions = {
  label: string;
  engine: Engine;
  /** Accept DeepSeek's retired names (`deepseek-chat`, `deepseek-reasoner`) with their old thinking defaults. */
  legacy: boolean;
  /** vLLM only: the model ids the server serves (empty: whatever the request names). */
  models: string[];
  /** Rich Markdown answers for a human trying the UI. */
  demo: boolean;
  fault: string | null;
  tps: number;
  ttftMs: number;
  answerTokens: number;
  reasoningTokens: number;
  failrate: number;
  dropAfter: number;
};

/** Server-wide defaults that per-request options override. */
export type DefaultOptions = {
  engine: Engine;
  legacy: boolean;
  demo: boolean;
  tps: number;
  ttftMs: number;
  answerTokens: number;
  reasoningTokens: number;
};

/** Which protocol endpoint a path addresses. */
export type RouteKind =
  | "chat"
  | "completions"
  | "embeddings"
  | "messages"
  | "responses"
  | "models"
  | "stats"
  | "reset"
  | "unknown";

/** A path split into its protocol endpoint and the raw `key=value` options before it. */
export type ParsedPath = { kind: RouteKind; pathOptions: Record<string, string> };

const OPTION_KEYS = [
  "label",
  "fault",
  "tps",
  "ttft",
  "tokens",
  "reasoning",
  "failrate",
  "dropafter",
  "engine",
  "legacy",
  "models",
  "demo",
];

// Order matters: `/chat/completions` before `/completions`.
const SUFFIXES: Array<[string, RouteKind]> = [
  ["/chat/completions", "chat"],
  ["/completions", "completions"],
  ["/embeddings", "embeddings"],
  ["/messages", "messages"],
  ["/responses", "responses"],
  ["/models", "models"],
  ["/__stats", "stats"],
  ["/__reset", "reset"],
];

/** Splits a URL pathname into its endpoint kind and the option segments in front of it. */
export function parsePath(pathname: string): ParsedPath {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  for (const [suffix, kind] of SUFFIXES) {
    if (trimmed === suffix.slice(1) || trimmed.endsWith(suffix)) {
      const prefix = trimmed.slice(0, trimmed.length - suffix.length);
      return { kind, pathOptions: parseOptionSegments(prefix) };
    }
  }
  return { kind: "unknown", pathOptions: {} };
}

/** Reads `key=value[,key=value]` pairs out of every path segment that contains `=`. */
export function parseOptionSegments(prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const segment of prefix.split("/")) {
    if (!segment.includes("=")) continue;
    for (const pair of segment.split(",")) {
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const key = safeDecode(pair.slice(0, eq)).trim().toLowerCase();
      out[key] = safeDecode(pair.slice(eq + 1)).trim();
    }
  }
  return out;
}

/** Merges defaults, path options and `x-simulator-*` headers (headers win) into request options. */
export function resolveOptions(
  defaults: DefaultOptions,
  pathOptions: Record<string, string>,
  headers: IncomingHttpHeaders,
): RequestOptions {
  const raw: Record<string, string> = { ...pathOptions };
  for (const key of OPTION_KEYS) {
    const value = headers[`x-simulator-${key}`];
    const text = Array.isArray(value) ? value[0] : value;
    if (text !== undefined && text !== "") raw[key] = text;
  }
  const fault = raw.fault ? raw.fault.toLowerCase() : null;
  const engine = engines.find((name) => name === raw.engine?.toLowerCase());
  return {
    label: raw.label || "default",
    engine: engine ?? defaults.engine,
    legacy: raw.legacy === undefined || raw.legacy === "" ? defaults.legacy : flag(raw.legacy),
    models: (raw.models ?? "")
      .split(/[+|]/)
      .map((m) => m.trim())
      .filter(Boolean),
    demo: raw.demo === undefined || raw.demo === "" ? defaults.demo : flag(raw.demo),
    fault: fault === "none" ? null : fault,
    tps: num(raw.tps, defaults.tps, 0),
    ttftMs: num(raw.ttft, defaults.ttftMs, 0),
    answerTokens: Math.floor(num(raw.tokens, defaults.answerTokens, 0)),
    reasoningTokens: Math.floor(num(raw.reasoning, defaults.reasoningTokens, 0)),
    failrate: Math.min(1, num(raw.failrate, 0, 0)),
    dropAfter: Math.floor(num(raw.dropafter, 5, 0)),
  };
}

function flag(text: string): boolean {
  return !["0", "false", "no", "off"].includes(text.toLowerCase());
}

function num(text: string | undefined, fallback: number, min: number): number {
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  return Number.isFinite(value) && value >= min ? value : fallback;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
