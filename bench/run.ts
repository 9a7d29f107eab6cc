// `npm run bench`: the gateway and a bare pass-through worker (the floor), both in `wrangler dev --local`
// (workerd) against the same upstream simulator, measured side by side in one run. Prints one table and
// writes bench/results.json. See bench/README.md for how to read it.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { LocalStack } from "../scripts/lib/local-stack.ts";
import { type ApiBudget, throughputFigures, ttftFigures, warmUp } from "./lib/api-figures.ts";
import {
  BURST_UPSTREAM_OPTIONS,
  createApiKey,
  startBenchGateway,
  UPSTREAM_OPTIONS,
  gatewayTarget as v1Target,
} from "./lib/bench-gateway.ts";
import { pathBreakdown } from "./lib/breakdown.ts";
import { firstLoadJsSize, type Size, widgetAppJsSize, workerBundleSize } from "./lib/bundle-size.ts";
import { formatStreamRows } from "./lib/format-rows.ts";
import { checkSameHeaders, minimalTarget, startMinimalWorker } from "./lib/minimal.ts";
import { groupOf } from "./lib/process-cpu.ts";
import { startFloorWorker, startSimulatorProcess } from "./lib/processes.ts";
import { type Figure, missing, renderTable, writeResults } from "./lib/report.ts";
import { retrievalFigures } from "./lib/retrieval-figures.ts";
import { historyFigures, missingSiteFirstToken, type SiteBudget, siteFirstTokenFigures } from "./lib/site-figures.ts";
import { seedHistory } from "./lib/site-seed.ts";
import { createSiteVisitor, type SiteVisitor } from "./lib/site-timing.ts";
import { type CostTarget, type StreamCostBudget, streamCostFigures } from "./lib/stream-cost.ts";
import { chatBody, type Target, timeStream } from "./lib/stream-timing.ts";

const FEATURE_MISSING = "n/a: feature missing";

// Sized so the whole run stays near 4 minutes on a quiet 2-core machine. 150 TTFT samples per target let the
// added TTFT move 0.78–1.21 ms between runs of the same code (the floor's median moves as much as the
// gateway's); 500 per target cost 10 s more and halve that spread.
const API_BUDGET: ApiBudget = {
  ttftRounds: 5,
  ttftPerRound: 100,
  throughputRounds: 5,
  throughputSeconds: 4,
  singleClientRounds: 2,
};
// Eight rows (chat/reasoning × paced/burst × with/without usage), gateway and floor: about 20 s.
const STREAM_BUDGET: StreamCostBudget = { rounds: 5, perRound: 4 };
const SITE_BUDGET: SiteBudget = { visitors: 3, turnsPerVisitor: 8, historyGets: 30 };
// Widget knowledge: 5 sites × 50 documents seeded through the admin API (~20 s), 200 timed previews.
const RETRIEVAL_BUDGET = { sites: 5, docsPerSite: 50, samples: 210 };

// The Anthropic and Responses streamed rows: added TTFT and wall time per 1,000 tokens against the floor asked in
// the same dialect. Wall: 42 streams a side (20 moved the ratio ±0.1 between runs of the same code).
const FORMAT_BUDGET = { ttftRounds: 5, ttftPerRound: 60, wallRounds: 7, wallPerRound: 6 };
const resultsPath = new URL("./results.json", import.meta.url).pathname;
const benchStarted = performance.now();
const step = (what: string): void =>
  console.error(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(0)}s] ${what}`);

// Bundle sizes first, while the machine is otherwise idle.
step("bundling the Worker (wrangler deploy --dry-run)");
const bundle = tryOrNull(workerBundleSize);
const firstLoad = tryOrNull(firstLoadJsSize);
const widgetApp = tryOrNull(widgetAppJsSize);

const running: Array<{ stop(): Promise<void> }> = [];
const stopAll = async (): Promise<void> => {
  for (const server of running.reverse()) await server.stop().catch(() => undefined);
};
process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));

try {
  step("starting the simulator");
  const simulator = await startSimulatorProcess();
  running.push(simulator);
  const persistTo = mkdtempSync(join(tmpdir(), "edgechat-bench-"));
  // Stopped last (the list is stopped in reverse): the gateway's local D1 and Durable Object state.
  running.push({ stop: async () => rmSync(persistTo, { recursive: true, force: true }) });

  // The other Workers start while the history is seeded. The gateway's upstream options are fixed when it
  // starts, so a second gateway answers from an upstream that writes the whole answer at once (burst); the
  // floor forwards headers, so an x-simulator-ttft header makes its upstream burst.
  step("starting the floor, the burst gateway and the minimal worker; seeding 10,000 conversations");
  const others = Promise.allSettled([
    startFloorWorker(`${simulator.url}/label=floor,${UPSTREAM_OPTIONS}`),
    startBenchGateway(simulator.url, BURST_UPSTREAM_OPTIONS),
    startMinimalWorker(simulator.url, UPSTREAM_OPTIONS, "contract", "minimal"),
  ]);
  // The history visitor must own the seeded rows: create it through the API, seed D1 while the Worker is
  // stopped (wrangler d1 execute on the same --persist-to), then start the Worker again on that state.
  const seeding = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS, { persistTo });
  const historyVisitor = await createSiteVisitor(seeding.url).catch(() => null);
  await seeding.stop();
  const seeded = historyVisitor ? tryOrNull(() => seedHistory(persistTo, historyVisitor.userId)) : null;

  step("starting the gateway");
  const gateway: LocalStack = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS, { persistTo });
  running.push(gateway);
  const settled = await others;
  for (const result of settled) if (result.status === "fulfilled") running.push(result.value);
  const [floor, burstGateway, minimal] = [startedValue(settled[0]), startedValue(settled[1]), startedValue(settled[2])];

  const apiKey = await createApiKey(gateway.url);
  const burstKey = await createApiKey(burstGateway.url);
  const gatewayTarget: Target | null = apiKey ? v1Target(gateway, apiKey) : null;
  const v1Works = gatewayTarget
    ? (await timeStream(gatewayTarget, chatBody("deepseek-chat", true, 5)).catch(() => null))?.tokens
    : 0;
  const gatewayV1 = v1Works ? gatewayTarget : null;
  const v1Note = apiKey
    ? `${FEATURE_MISSING} (/v1/chat/completions streams no tokens)`
    : `${FEATURE_MISSING} (POST /admin/api/keys)`;
  const floorTarget: Target = { name: "floor", url: `${floor.url}/v1/chat/completions`, headers: {} };
  const directTarget: Target = {
    name: "direct",
    url: `${simulator.url}/label=direct,${UPSTREAM_OPTIONS}/v1/chat/completions`,
    headers: {},
  };

  step("warming up");
  await warmUp([floorTarget, directTarget, ...(gatewayV1 ? [gatewayV1] : [])], 20);
  step("time to first token");
  const ttft = await ttftFigures(gatewayV1, floorTarget, directTarget, API_BUDGET, v1Note);
  step("streamed cost per 1,000 tokens: with and without usage, paced and burst, chat and reasoning");
  const gatewayGroup = groupOf(gateway.url);
  const floorGroup = groupOf(floor.url);
  const floorCost: CostTarget = { ...floorTarget, group: floorGroup };
  const streamCost =
    gatewayV1 && burstKey
      ? await streamCostFigures(
          {
            paced: { gateway: { ...gatewayV1, group: gatewayGroup }, floor: floorCost },
            burst: {
              gateway: { ...v1Target(burstGateway, burstKey), group: groupOf(burstGateway.url) },
              floor: { ...floorCost, headers: { "x-simulator-ttft": "0" } },
            },
          },
          STREAM_BUDGET,
        )
      : null;
  step("streamed /v1/messages and /v1/responses against the floor");
  const formatRows = await formatStreamRows(gatewayV1 ? gateway.url : null, apiKey, floor.url, FORMAT_BUDGET);
  step("non-streamed throughput (autocannon) and CPU per request");
  const minimalV1 = minimalTarget(minimal, "minimal");
  const sameHeaders = gatewayV1
    ? await checkSameHeaders([gatewayV1, minimalV1], chatBody("deepseek-chat", false, 20), ["gateway", "minimal"])
        .then(() => true)
        .catch((error: unknown) => {
          console.error(`[bench] ${message(error)}`);
          return false;
        })
    : false;
  const throughput = await throughputFigures(
    gatewayV1 ? { ...gatewayV1, group: gatewayGroup } : null,
    floorCost,
    sameHeaders ? minimalV1 : null,
    API_BUDGET,
    v1Note,
  );
  step("chat site: first token over the WebSocket");
  const site = await siteFirstTokenFigures(
    gateway.url,
    simulator.url,
    ttft.medians.ttft.direct ?? Number.NaN,
    ttft.medians.ttft.floor ?? Number.NaN,
    SITE_BUDGET,
  ).catch((error: unknown) => missingSiteFirstToken(`n/a: ${message(error)}`));
  step("D1 history reads");
  const history = await historyFigures(
    gateway.url,
    floor.url,
    historyVisitor satisfies SiteVisitor | null,
    seeded?.bigConversationId ?? null,
    SITE_BUDGET,
    `${FEATURE_MISSING} (GET /api/me)`,
  );

  step("widget: instructions + knowledge retrieval in a turn's setup");
  const retrieval = await retrievalFigures(gateway.url, RETRIEVAL_BUDGET).catch((error: unknown) => ({
    figures: [
      missing("widget_retrieval_setup_ms", "widget turn setup: knowledge retrieval", "ms", "≤ 15 ms", message(error)),
    ],
    detail: {},
  }));

  step("where the added time goes (results.json: breakdownMs)");
  const breakdown = await pathBreakdown(gateway.url, floor.url, apiKey, 30);
  const figures: Figure[] = [
    ...ttft.figures,
    ...(streamCost?.figures ?? [
      missing("stream_cost", "streamed cost per 1,000 tokens", "ms", "≤ 1.2× floor", v1Note),
    ]),
    ...formatRows,
    ...throughput,
    ...site,
    ...history.figures,
    ...retrieval.figures,
    ...sizeFigures(bundle, firstLoad, widgetApp),
  ];
  console.log(renderTable(figures));
  writeResults(resultsPath, figures, {
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
    budget: { api: API_BUDGET, site: SITE_BUDGET },
    upstreamOptions: UPSTREAM_OPTIONS,
    ttftMediansMs: ttft.medians,
    streamCostMedians: streamCost?.medians ?? null,
    streamBudget: STREAM_BUDGET,
    burstUpstreamOptions: BURST_UPSTREAM_OPTIONS,
    historyMediansMs: history.mediansMs,
    retrieval: retrieval.detail,
    breakdownMs: breakdown,
    firstLoadFiles: firstLoad?.files ?? [],
    durationSeconds: Math.round((performance.now() - benchStarted) / 1000),
  });
  step(`done; wrote ${resultsPath}`);
} finally {
  await stopAll();
}

function sizeFigures(bundle: Size | null, firstLoad: Size | null, widgetApp: Size | null): Figure[] {
  const kb = (size: Size | null): number | null => (size === null ? null : size.gzipBytes / 1024);
  const worker = kb(bundle);
  const ui = kb(firstLoad);
  const widget = kb(widgetApp);
  return [
    {
      id: "worker_bundle_gzip_kb",
      label: "Worker bundle, gzipped (wrangler deploy --dry-run)",
      unit: "KB",
      gateway: worker,
      floor: null,
      ratio: null,
      target: "≤ 250 KB",
      met: worker === null ? null : worker <= 250,
    },
    {
      id: "ui_first_load_js_gzip_kb",
      label: "chat UI first-load JS, gzipped",
      unit: "KB",
      gateway: ui,
      floor: null,
      ratio: null,
      target: "≤ 60 KB",
      met: ui === null ? null : ui <= 60,
    },
    {
      id: "widget_app_js_gzip_kb",
      label: "widget iframe app JS, gzipped",
      unit: "KB",
      gateway: widget,
      floor: null,
      ratio: null,
      target: "≤ 40 KB",
      met: widget === null ? null : widget <= 40,
    },
  ];
}

/** The value of a settled start, or its error (which ends the run). */
function startedValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === "rejected") throw result.reason;
  return result.value;
}

function tryOrNull<T>(measure: () => T): T | null {
  try {
    return measure();
  } catch (error) {
    console.error(`[bench] ${message(error)}`);
    return null;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
