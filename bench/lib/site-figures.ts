// Chat-site figures: first token over the live WebSocket, and history reads from local D1.
// Local absolute times include what `wrangler dev` itself adds to every round trip, so each figure is read
// against the floor worker in the same harness (its column shows that harness cost).
import { type Figure, finite, missing } from "./report.ts";
import {
  createSiteVisitor,
  type GetTiming,
  type SiteTurnTiming,
  type SiteVisitor,
  timeGets,
  timeSiteFirstToken,
} from "./site-timing.ts";
import { median } from "./stats.ts";

/** How much work the site figures do. */
export type SiteBudget = { visitors: number; turnsPerVisitor: number; historyGets: number };

const firstTokenIds = {
  send: "site_ws_first_token_after_upstream_ms",
  write: "site_ws_first_token_after_upstream_write_ms",
};
const firstTokenLabels = {
  send: "chat site: POST …/messages → first WS token, minus upstream TTFT, median",
  write: "chat site: upstream's first token write → client WS receipt, median",
};

/** Both first-token rows, marked as not measured (e.g. the site API is missing). */
export function missingSiteFirstToken(note: string): Figure[] {
  return [
    missing(firstTokenIds.send, firstTokenLabels.send, "ms", "≤ 10 ms", note),
    missing(firstTokenIds.write, firstTokenLabels.write, "ms", "≤ 10 ms", note),
  ];
}

/**
 * Two readings of the chat site's first token, from the same turns:
 * - POST …/messages → first token on the WebSocket, minus the upstream's own first-token time (the simulator
 *   measured directly): everything the send path adds, round trips before the upstream call included. The
 *   floor column is what a bare pass-through adds over the upstream in this harness.
 * - issue 4's own figure: from the moment the simulator wrote the turn's first token (its `/__stats`
 *   `firstTokenAt`, wall clock on this machine) to the moment the browser-side socket received it — the
 *   token path alone (gateway → Durable Object → WebSocket), nothing before the upstream call.
 */
export async function siteFirstTokenFigures(
  gatewayUrl: string,
  simulatorUrl: string,
  upstreamTtftMs: number,
  floorTtftMs: number,
  budget: SiteBudget,
): Promise<Figure[]> {
  const timings: SiteTurnTiming[] = [];
  // Fresh visitors, because the free tier allows 10 messages a minute per visitor.
  for (let v = 0; v < budget.visitors; v++) {
    const visitor = await createSiteVisitor(gatewayUrl);
    if (!visitor) return missingSiteFirstToken("n/a: feature missing (GET /api/me)");
    timings.push(...(await timeSiteFirstToken(gatewayUrl, visitor, budget.turnsPerVisitor, simulatorUrl)));
  }
  if (timings.length === 0) return missingSiteFirstToken("n/a: feature missing (no live tokens)");
  const sinceSend = median(timings.map((t) => t.sinceSendMs)) - upstreamTtftMs;
  const sinceWrite = timings.flatMap((t) => (t.sinceUpstreamWriteMs === null ? [] : [t.sinceUpstreamWriteMs]));
  const sendFigure: Figure = {
    id: firstTokenIds.send,
    label: `${firstTokenLabels.send} (n=${timings.length})`,
    unit: "ms",
    gateway: sinceSend,
    floor: finite(floorTtftMs - upstreamTtftMs),
    ratio: null,
    target: "≤ 10 ms",
    met: sinceSend <= 10,
  };
  if (sinceWrite.length === 0) {
    return [
      sendFigure,
      missing(firstTokenIds.write, firstTokenLabels.write, "ms", "≤ 10 ms", "n/a: no firstTokenAt in /__stats"),
    ];
  }
  const write = median(sinceWrite);
  return [
    sendFigure,
    {
      id: firstTokenIds.write,
      label: `${firstTokenLabels.write} (n=${sinceWrite.length})`,
      unit: "ms",
      gateway: write,
      floor: null,
      ratio: null,
      target: "≤ 10 ms",
      met: write <= 10,
    },
  ];
}

/** History figures plus the raw medians behind them (for results.json). */
export type HistoryResult = { figures: Figure[]; mediansMs: Record<string, number> };

/**
 * Listing 50 of 10,000 conversations and opening a 1,000-message one, as time added over a bare worker round
 * trip: an upper bound on the D1 cost, since it also holds the gateway's middleware and identity lookup
 * (GET /api/me, timed alongside, is in results.json for a finer reading).
 */
export async function historyFigures(
  gatewayUrl: string,
  floorUrl: string,
  visitor: SiteVisitor | null,
  bigConversationId: string | null,
  budget: SiteBudget,
  note: string,
): Promise<HistoryResult> {
  const listId = "d1_list_50_of_10000_ms";
  const listLabel = "D1: list 50 of 10,000 conversations, added over floor (upper bound)";
  const openId = "d1_open_1000_messages_ms";
  const openLabel = "D1: open a 1,000-message conversation, added over floor (upper bound)";
  if (!visitor || !bigConversationId) {
    return {
      figures: [missing(listId, listLabel, "ms", "≤ 5 ms", note), missing(openId, openLabel, "ms", "≤ 30 ms", note)],
      mediansMs: {},
    };
  }
  const headers = { cookie: visitor.cookie };
  const timings = await timeGets(
    [
      { name: "floor", url: `${floorUrl}/healthz`, headers: {} },
      { name: "me", url: `${gatewayUrl}/api/me`, headers },
      { name: "list", url: `${gatewayUrl}/api/conversations?limit=50`, headers },
      { name: "open", url: `${gatewayUrl}/api/conversations/${bigConversationId}`, headers },
    ],
    budget.historyGets,
  );
  const none: GetTiming = { medianMs: Number.NaN, samples: 0, failures: 0 };
  const floor = timings.floor ?? none;
  const figure = (id: string, label: string, measured: GetTiming, bound: number): Figure => {
    if (measured.samples === 0) return missing(id, label, "ms", `≤ ${bound} ms`, `n/a: ${measured.failures} failed`);
    const added = measured.medianMs - floor.medianMs;
    return {
      id,
      label,
      unit: "ms",
      gateway: added,
      floor: finite(floor.medianMs),
      ratio: null,
      target: `≤ ${bound} ms`,
      met: added <= bound,
    };
  };
  const listed = await countItems(`${gatewayUrl}/api/conversations?limit=50`, headers, "conversations");
  const opened = await countItems(`${gatewayUrl}/api/conversations/${bigConversationId}`, headers, "messages");
  return {
    figures: [
      withCheck(figure(listId, listLabel, timings.list ?? none, 5), listed, 50),
      withCheck(figure(openId, openLabel, timings.open ?? none, 30), opened, 1000),
    ],
    mediansMs: Object.fromEntries(Object.entries(timings).map(([name, timing]) => [name, timing.medianMs])),
  };
}

/** How many items the array `field` of a JSON answer holds (-1 when it is not there). */
async function countItems(url: string, headers: Record<string, string>, field: string): Promise<number> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const body: unknown = await response.json().catch(() => null);
  if (typeof body !== "object" || body === null || !(field in body)) return -1;
  const items: unknown = Reflect.get(body, field);
  return Array.isArray(items) ? items.length : -1;
}

/** A figure measured on the wrong amount of data is flagged rather than trusted. */
function withCheck(figure: Figure, count: number, expected: number): Figure {
  if (count === expected || figure.note) return figure;
  return { ...figure, met: null, note: `answer held ${count} items, expected ${expected}` };
}
