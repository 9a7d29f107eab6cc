// `node bench/quick.ts`: only the /v1 figures of `npm run bench` (TTFT, non-streamed req/s at 32 clients, and the
// path breakdown; `ONLY=formats` for the /v1/messages and /v1/responses rows), with smaller budgets, for iterating
// on the metered path. Not a substitute for the full run.

import { throughputFigures, ttftFigures, warmUp } from "./lib/api-figures.ts";
import { gatewayTarget, requireApiKey, startBenchGateway, UPSTREAM_OPTIONS } from "./lib/bench-gateway.ts";
import { pathBreakdown } from "./lib/breakdown.ts";
import { formatStreamRows } from "./lib/format-rows.ts";
import { startFloorWorker, startSimulatorProcess } from "./lib/processes.ts";
import { renderTable } from "./lib/report.ts";
import type { Target } from "./lib/stream-timing.ts";

const budget = {
  ttftRounds: 3,
  ttftPerRound: 20,
  throughputRounds: 2,
  throughputSeconds: 3,
  singleClientRounds: 1,
};

const simulator = await startSimulatorProcess();
const gateway = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS, { verbose: process.env.VERBOSE === "1" });
const floor = await startFloorWorker(`${simulator.url}/label=floor,${UPSTREAM_OPTIONS}`);
try {
  const key = await requireApiKey(gateway.url);
  const gw = gatewayTarget(gateway, key);
  const fl: Target = { name: "floor", url: `${floor.url}/v1/chat/completions`, headers: {} };
  const direct: Target = {
    name: "direct",
    url: `${simulator.url}/label=direct,${UPSTREAM_OPTIONS}/v1/chat/completions`,
    headers: {},
  };
  await warmUp([fl, direct, gw], 20);
  const only = process.env.ONLY ?? "ttft,rps,breakdown";
  const figures = [];
  if (only.includes("ttft")) figures.push(...(await ttftFigures(gw, fl, direct, budget, "")).figures);
  if (only.includes("rps")) {
    figures.push(...(await throughputFigures({ ...gw, group: null }, { ...fl, group: null }, null, budget, "")));
  }
  if (only.includes("formats")) {
    const formatBudget = { ttftRounds: 3, ttftPerRound: 60, wallRounds: 6, wallPerRound: 8 };
    figures.push(...(await formatStreamRows(gateway.url, key, floor.url, formatBudget)));
  }
  console.log(renderTable(figures));
  if (only.includes("breakdown")) console.log(await pathBreakdown(gateway.url, floor.url, key, 30));
} finally {
  await floor.stop();
  await gateway.stop();
  await simulator.stop();
}
