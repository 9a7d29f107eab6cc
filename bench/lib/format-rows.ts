// The /v1/messages and /v1/responses streamed rows: added time to first token and wall time per 1,000 tokens,
// each against the floor (the bare pass-through worker in front of the same simulator) asked in the same dialect:
// the floor forwards the body the gateway sends upstream to the same DeepSeek endpoint (/anthropic/v1/messages,
// /responses), so the rows measure the gateway, not the difference between the formats' streams (a Responses
// stream carries three times a chat stream's bytes per token, and both open with events before the first token).
// Requests alternate between the format's endpoint and the floor so a noisy moment hits both alike. The gateway's
// bodies are what the SDKs send by default (Responses: `store` left out, so true), so both rows take the native
// path to DeepSeek's own endpoints (docs/formats.md).
import { type DialectRequests, dialectRequests } from "./dialect-requests.ts";
import { type Figure, finite, missing, ratioOf } from "./report.ts";
import { median } from "./stats.ts";
import type { StreamTiming } from "./stream-timing.ts";

/** One client dialect: its requests (dialect-requests.ts), its label, and which SSE events carry a token. */
type Dialect = DialectRequests & {
  id: "messages" | "responses";
  label: string;
  isToken: (event: Record<string, unknown>) => boolean;
};

const dialects: Dialect[] = [
  {
    ...dialectRequests.messages,
    id: "messages",
    label: "/v1/messages",
    isToken: (event) => {
      const delta = event.delta as Record<string, unknown> | undefined;
      return event.type === "content_block_delta" && (nonEmpty(delta?.text) || nonEmpty(delta?.thinking));
    },
  },
  {
    ...dialectRequests.responses,
    id: "responses",
    label: "/v1/responses",
    // DeepSeek's own stream (the native path) says reasoning_text; a translated one, reasoning_summary_text.
    isToken: (event) =>
      (event.type === "response.output_text.delta" ||
        event.type === "response.reasoning_text.delta" ||
        event.type === "response.reasoning_summary_text.delta") &&
      nonEmpty(event.delta),
  },
];

/** How many samples the rows take (the chat rows' TTFT counts fit; wall rounds are 1,000-token streams). */
export type FormatRowsBudget = { ttftRounds: number; ttftPerRound: number; wallRounds: number; wallPerRound: number };

/** Models the rows use: a short plain answer for TTFT, a thinking model's 1,000-token answer for wall time. */
export type FormatRowModels = { plain: string; thinking: string };

/**
 * The streamed rows of /v1/messages and /v1/responses. `gatewayUrl`/`apiKey` null: each row says the feature is
 * missing. Call after warmUp, with the floor worker's URL and the same budget as the chat-completions rows.
 */
export async function formatStreamRows(
  gatewayUrl: string | null,
  apiKey: string | null,
  floorUrl: string,
  budget: FormatRowsBudget,
  models: FormatRowModels = { plain: "deepseek-chat", thinking: "deepseek-reasoner" },
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const dialect of dialects) {
    const ttftId = `ttft_added_median_ms_${dialect.id}`;
    const ttftLabel = `added TTFT ${dialect.label} streamed (gateway − floor), median`;
    const wallId = `wall_per_1000_tokens_ms_${dialect.id}`;
    const wallLabel = `wall time per 1,000 streamed tokens, ${dialect.label}`;
    const probe =
      gatewayUrl && apiKey
        ? await timeDialect(gatewayUrl, apiKey, dialect, dialect.body(models.plain, 5, false))
        : null;
    if (!probe || probe.tokens === 0) {
      const note = `n/a: feature missing (${dialect.label} streams no tokens)`;
      figures.push(
        missing(ttftId, ttftLabel, "ms", "≤ 1 ms", note),
        missing(wallId, wallLabel, "ms", "≤ 1.2× floor", note),
      );
      continue;
    }
    const url = gatewayUrl as string;
    const key = apiKey as string;
    for (let i = 0; i < 10; i++) {
      await timeDialect(url, key, dialect, dialect.body(models.plain, 20, false));
      await timeFloor(floorUrl, dialect, dialect.upstreamBody(20, false));
    }

    const ttft: Record<"gateway" | "floor", number[]> = { gateway: [], floor: [] };
    for (let round = 0; round < budget.ttftRounds; round++) {
      for (let i = 0; i < budget.ttftPerRound; i++) {
        const gateway = await timeDialect(url, key, dialect, dialect.body(models.plain, 20, false));
        const base = await timeFloor(floorUrl, dialect, dialect.upstreamBody(20, false));
        if (Number.isFinite(gateway.ttftMs)) ttft.gateway.push(gateway.ttftMs);
        if (Number.isFinite(base.ttftMs)) ttft.floor.push(base.ttftMs);
      }
    }
    const gw = finite(median(ttft.gateway));
    const fl = finite(median(ttft.floor));
    const added = gw === null || fl === null ? null : gw - fl;
    figures.push({
      id: ttftId,
      label: ttftLabel,
      unit: "ms",
      gateway: added,
      floor: null,
      ratio: null,
      target: "≤ 1 ms",
      met: added === null ? null : added <= 1,
    });

    const wall: Record<"gateway" | "floor", number[]> = { gateway: [], floor: [] };
    let shortStreams = 0;
    for (let round = 0; round < budget.wallRounds; round++) {
      const inRound: Record<"gateway" | "floor", number[]> = { gateway: [], floor: [] };
      for (let i = 0; i < budget.wallPerRound; i++) {
        const gateway = await timeDialect(url, key, dialect, dialect.body(models.thinking, null, true));
        const base = await timeFloor(floorUrl, dialect, dialect.upstreamBody(null, true));
        for (const [name, timing] of [
          ["gateway", gateway],
          ["floor", base],
        ] as const) {
          if (timing.tokens < 1000) shortStreams++;
          if (timing.tokens > 0) inRound[name].push((timing.totalMs * 1000) / timing.tokens);
        }
      }
      wall.gateway.push(median(inRound.gateway));
      wall.floor.push(median(inRound.floor));
    }
    const wallGw = finite(median(wall.gateway));
    const wallFl = finite(median(wall.floor));
    const ratio = ratioOf(wallGw, wallFl);
    figures.push({
      id: wallId,
      label: wallLabel,
      unit: "ms",
      gateway: wallGw,
      floor: wallFl,
      ratio,
      target: "≤ 1.2× floor",
      met: ratio === null ? null : ratio <= 1.2,
      ...(shortStreams > 0 ? { note: `${shortStreams} streams had < 1,000 tokens` } : {}),
    });
  }
  return figures;
}

/** Times one streamed request to the gateway in a dialect. */
function timeDialect(gatewayUrl: string, apiKey: string, dialect: Dialect, body: string): Promise<StreamTiming> {
  const headers = { authorization: `Bearer ${apiKey}`, "x-dev-country": "US" };
  return timeEvents(`${gatewayUrl}${dialect.path}`, headers, dialect, body);
}

/** Times the same dialect's stream through the floor, straight to DeepSeek's endpoint for it. */
function timeFloor(floorUrl: string, dialect: Dialect, body: string): Promise<StreamTiming> {
  return timeEvents(`${floorUrl}${dialect.upstreamPath}`, {}, dialect, body);
}

/** Times one streamed request: the first event carrying a token, and the end of the stream. */
async function timeEvents(
  url: string,
  headers: Record<string, string>,
  dialect: Dialect,
  body: string,
): Promise<StreamTiming> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    signal: AbortSignal.timeout(20_000),
  });
  if (!response.ok || response.body === null) {
    await response.arrayBuffer().catch(() => undefined);
    return { ttftMs: Number.NaN, totalMs: Number.NaN, tokens: 0, status: response.status };
  }
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let buffered = "";
  let ttftMs = Number.NaN;
  let tokens = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("data:")) continue;
      let event: unknown;
      try {
        event = JSON.parse(line.slice(5));
      } catch {
        continue;
      }
      if (typeof event !== "object" || event === null || !dialect.isToken(event as Record<string, unknown>)) continue;
      tokens++;
      if (Number.isNaN(ttftMs)) ttftMs = performance.now() - started;
    }
  }
  return { ttftMs, totalMs: performance.now() - started, tokens, status: response.status };
}

function nonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}
