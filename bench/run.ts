// `npm run bench`: the gateway and a bare pass-through worker (the floor), both in `wrangler dev --local`
// (workerd) against the same upstream simulator, measured side by side in one run. Prints one table and
// writes bench/results.json. See bench/README.md for how to read it.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { LocalStack } from "../scripts/lib/local-stack.ts";
import { type ApiBudget, throughputFigures, ttftFigures, wallFigure, warmUp } from "./lib/api-figures.ts";
import { createApiKey, startBenchGateway, UPSTREAM_OPTIONS, gatewayTarget as v1Target } from "./lib/bench-gateway.ts";
import { pathBreakdown } from "./lib/breakdown.ts";
import { firstLoadJsSize, type Size, workerBundleSize } from "./lib/bundle-size.ts";
import { type RunningServer, startFloorWorker, startSimulatorProcess } from "./lib/processes.ts";
import { type Figure, renderTable, writeResults } from "./lib/report.ts";
import { historyFigures, missingSiteFirstToken, type SiteBudget, siteFirstTokenFigures } from "./lib/site-figures.ts";
import { seedHistory } from "./lib/site-seed.ts";
import { createSiteVisitor, type SiteVisitor } from "./lib/site-timing.ts";
import { chatBody, type Target, timeStream } from "./lib/stream-timing.ts";

const FEATURE_MISSING = "n/a: feature missing";

// Sized so the whole run stays near 2 minutes on a 2-core machine. 150 TTFT samples per target let the added
// TTFT move 0.78–1.21 ms between runs of the same code (the floor's median moves as much as the gateway's);
// 500 per target cost 10 s more and halve that spread.
const API_BUDGET: ApiBudget = {
  ttftRounds: 5,
  ttftPerRound: 100,
  wallRounds: 5,
  wallPerRound: 4,
  throughputRounds: 5,
  throughputSeconds: 4,
};
const SITE_BUDGET: SiteBudget = { visitors: 3, turnsPerVisitor: 8, historyGets: 30 };

const resultsPath = new URL("./results.json", import.meta.url).pathname;
const benchStarted = performance.now();
const step = (what: string): void =>
  console.error(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(0)}s] ${what}`);

// Bundle sizes first, while the machine is otherwise idle.
step("bundling the Worker (wrangler deploy --dry-run)");
const bundle = tryOrNull(workerBundleSize);
const firstLoad = tryOrNull(firstLoadJsSize);

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

  // The history visitor must own the seeded rows: create it through the API, seed D1 while the Worker is
  // stopped (wrangler d1 execute on the same --persist-to), then start the Worker again on that state.
  step("creating the history visitor and seeding 10,000 conversations");
  const seeding = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS, { persistTo });
  const historyVisitor = await createSiteVisitor(seeding.url).catch(() => null);
  await seeding.stop();
  const seeded = historyVisitor ? tryOrNull(() => seedHistory(persistTo, historyVisitor.userId)) : null;

  step("starting the gateway and the floor worker");
  const gateway: LocalStack = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS, { persistTo });
  running.push(gateway);
  const floor: RunningServer = await startFloorWorker(`${simulator.url}/label=floor,${UPSTREAM_OPTIONS}`);
  running.push(floor);

  const apiKey = await createApiKey(gateway.url);
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
  step("wall time per 1,000 tokens");
  const wall = await wallFigure(gatewayV1, floorTarget, API_BUDGET, v1Note);
  step("non-streamed throughput (autocannon)");
  const throughput = await throughputFigures(gatewayV1, floorTarget, API_BUDGET, v1Note);
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

  step("where the added time goes (results.json: breakdownMs)");
  const breakdown = await pathBreakdown(gateway.url, floor.url, apiKey, 30);
  const figures: Figure[] = [
    ...ttft.figures,
    wall,
    ...throughput,
    ...site,
    ...history.figures,
    ...sizeFigures(bundle, firstLoad),
  ];
  console.log(renderTable(figures));
  writeResults(resultsPath, figures, {
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
    budget: { api: API_BUDGET, site: SITE_BUDGET },
    upstreamOptions: UPSTREAM_OPTIONS,
    ttftMediansMs: ttft.medians,
    historyMediansMs: history.mediansMs,
    breakdownMs: breakdown,
    firstLoadFiles: firstLoad?.files ?? [],
    durationSeconds: Math.round((performance.now() - benchStarted) / 1000),
  });
  step(`done; wrote ${resultsPath}`);
} finally {
  await stopAll();
}

function sizeFigures(bundle: Size | null, firstLoad: Size | null): Figure[] {
  const kb = (size: Size | null): number | null => (size === null ? null : size.gzipBytes / 1024);
  const worker = kb(bundle);
  const ui = kb(firstLoad);
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
  ];
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
