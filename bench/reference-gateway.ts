// `npm run bench:reference`: non-streamed req/s at 32 clients for the floor, a minimal framework-free gateway
// (bench/minimal-worker) without and with the response headers edgechat's contracts require, Portkey's
// open-source gateway (the reference issue 6 names) and edgechat's gateway, side by side in one run and on the
// same harness: the same simulator answer, `wrangler dev --local`, and the asset router in front of each Worker.
// Portkey is downloaded from the npm registry the first time (see lib/portkey-worker.ts).
// Options (env): ROUNDS (5), SECONDS (4), CLIENTS (32).

import { gatewayTarget, requireApiKey, startBenchGateway, UPSTREAM_OPTIONS } from "./lib/bench-gateway.ts";
import { checkSameHeaders, minimalTarget, startMinimalWorker } from "./lib/minimal.ts";
import { portkeyVersion, preparePortkeyWorker } from "./lib/portkey-worker.ts";
import { startBenchWorker, startFloorWorker, startSimulatorProcess } from "./lib/processes.ts";
import { median } from "./lib/stats.ts";
import { chatBody, type Target } from "./lib/stream-timing.ts";
import { measureThroughput } from "./lib/throughput.ts";

const rounds = Number(process.env.ROUNDS ?? 5);
const seconds = Number(process.env.SECONDS ?? 4);
const clients = Number(process.env.CLIENTS ?? 32);

const portkeyConfig = preparePortkeyWorker();
const simulator = await startSimulatorProcess();
const gateway = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS);
const floor = await startFloorWorker(`${simulator.url}/label=floor,${UPSTREAM_OPTIONS}`);
const minimalBare = await startMinimalWorker(simulator.url, UPSTREAM_OPTIONS, "none", "minimal");
const minimalContract = await startMinimalWorker(simulator.url, UPSTREAM_OPTIONS, "contract", "minimal-contract");
const portkey = await startBenchWorker(portkeyConfig, {});
try {
  const key = await requireApiKey(gateway.url);
  const targets: Target[] = [
    { name: "floor", url: `${floor.url}/v1/chat/completions`, headers: {} },
    minimalTarget(minimalBare, "minimal, 1 header"),
    minimalTarget(minimalContract, "minimal, 12 headers"),
    {
      name: `portkey ${portkeyVersion}`,
      url: `${portkey.url}/v1/chat/completions`,
      headers: {
        authorization: "Bearer simulator",
        "x-portkey-provider": "openai",
        "x-portkey-custom-host": `${simulator.url}/label=portkey,${UPSTREAM_OPTIONS}/v1`,
      },
    },
    gatewayTarget(gateway, key),
  ];
  const body = chatBody("deepseek-reasoner", false);
  await checkSameHeaders(targets, body, ["minimal, 12 headers", "gateway"]);
  for (const target of targets) await measureThroughput(target, body, 8, 2);
  const rates = new Map<string, number[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const run = await measureThroughput(target, body, clients, seconds);
      if (run.non2xx > 0 || run.errors > 0) console.warn(`${target.name}: ${run.non2xx} non-2xx, ${run.errors} errors`);
      rates.get(target.name)?.push(run.requestsPerSecond);
    }
  }
  const floorRates = rates.get("floor") ?? [];
  const floorMedian = median(floorRates);
  console.log(
    `non-streamed req/s at ${clients} clients, ${rounds} rounds of ${seconds} s (median; ratio to the floor)`,
  );
  for (const [name, values] of rates) {
    const ratio = median(values) / floorMedian;
    const perRound = values.map((value, index) => (value / (floorRates[index] ?? value)).toFixed(2)).join(" ");
    console.log(
      `  ${name.padEnd(20)} ${median(values).toFixed(0).padStart(5)} req/s  ${ratio.toFixed(2)}×  (per round: ${perRound})`,
    );
  }
} finally {
  await portkey.stop();
  await minimalContract.stop();
  await minimalBare.stop();
  await floor.stop();
  await gateway.stop();
  await simulator.stop();
}
