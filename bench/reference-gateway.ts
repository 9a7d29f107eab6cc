// `npm run bench:reference`: non-streamed req/s at 32 clients for the floor, a minimal framework-free gateway
// (bench/minimal-worker) without and with the response headers edgechat's contracts require, Portkey's
// open-source gateway (the reference issue 6 names) and edgechat's gateway, side by side in one run and on the
// same harness: the same simulator answer, `wrangler dev --local`, and the asset router in front of each Worker.
// Portkey is downloaded from the npm registry the first time (see lib/portkey-worker.ts).
// Options (env): ROUNDS (5), SECONDS (4), CLIENTS (32).

import { gatewayTarget, requireApiKey, startBenchGateway, UPSTREAM_OPTIONS } from "./lib/bench-gateway.ts";
import { portkeyVersion, preparePortkeyWorker } from "./lib/portkey-worker.ts";
import { type RunningServer, startBenchWorker, startFloorWorker, startSimulatorProcess } from "./lib/processes.ts";
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
const minimalKey = "sk-minimal";
const minimal = async (headers: "none" | "contract", label: string): Promise<RunningServer> =>
  startBenchWorker("bench/minimal-worker/wrangler.toml", {
    UPSTREAM_URL: `${simulator.url}/label=${label},${UPSTREAM_OPTIONS}`,
    API_KEY: minimalKey,
    HEADERS: headers,
  });
const minimalBare = await minimal("none", "minimal");
const minimalContract = await minimal("contract", "minimal-contract");
const portkey = await startBenchWorker(portkeyConfig, {});
try {
  const key = await requireApiKey(gateway.url);
  const targets: Target[] = [
    { name: "floor", url: `${floor.url}/v1/chat/completions`, headers: {} },
    {
      name: "minimal, 1 header",
      url: `${minimalBare.url}/v1/chat/completions`,
      headers: { authorization: `Bearer ${minimalKey}` },
    },
    {
      name: "minimal, 12 headers",
      url: `${minimalContract.url}/v1/chat/completions`,
      headers: { authorization: `Bearer ${minimalKey}` },
    },
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
  const headerNames = new Map<string, string>();
  for (const target of targets) {
    const check = await fetch(target.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...target.headers },
      body,
    });
    const text = await check.text();
    if (!check.ok || !text.includes('"choices"'))
      throw new Error(`${target.name}: ${check.status} ${text.slice(0, 300)}`);
    headerNames.set(target.name, [...check.headers.keys()].sort().join(", "));
    await measureThroughput(target, body, 8, 2);
  }
  // The minimal worker's header list is written by hand: it must still be exactly what the gateway sends.
  if (headerNames.get("minimal, 12 headers") !== headerNames.get("gateway")) {
    throw new Error(
      `bench/minimal-worker no longer sends the gateway's headers:\n  minimal: ${headerNames.get("minimal, 12 headers")}\n  gateway: ${headerNames.get("gateway")}`,
    );
  }
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
