// `node bench/cpu-split.ts`: CPU time per non-streamed /v1 request, split by process (Linux /proc), for the
// gateway, the floor and the minimal worker at 32 clients. On a machine this load saturates, req/s follows total CPU
// per request, so this says which process a throughput gap lives in:
//   runtime  the workerd that runs the Worker with its Durable Objects, D1 and the asset router
//   proxy    the workerd of wrangler's proxy worker (dev only: it re-creates every response)
//   wrangler wrangler's Node process (it prints a log line for each request, sent by the runtime)
//   sim      the upstream simulator;  self  this process (autocannon)
// Each target's runtime, proxy and wrangler are its own `wrangler dev`'s process group (bench/lib/process-cpu.ts);
// the minimal worker (bench/minimal-worker with the contract's twelve headers: key check, JSON body, `fetch`, whole
// answer, new Response) shows what that shape costs over the floor before any limit, routing or metering, and the
// same worker with one Durable Object round trip per request what one such call costs in this harness.
// Options (env): ROUNDS (3), SECONDS (4).
import { gatewayTarget, requireApiKey, startBenchGateway, UPSTREAM_OPTIONS } from "./lib/bench-gateway.ts";
import { minimalTarget, startMinimalWorker } from "./lib/minimal.ts";
import { cpuOfGroup, groupOf, processes } from "./lib/process-cpu.ts";
import { startFloorWorker, startSimulatorProcess } from "./lib/processes.ts";
import { median } from "./lib/stats.ts";
import { chatBody, type Target } from "./lib/stream-timing.ts";
import { measureThroughput } from "./lib/throughput.ts";

const rounds = Number(process.env.ROUNDS ?? 3);
const seconds = Number(process.env.SECONDS ?? 4);
type Kind = "runtime" | "proxy" | "wrangler" | "sim" | "self";
const kinds: Kind[] = ["runtime", "proxy", "wrangler", "sim", "self"];

/** CPU microseconds used so far by the target's own processes, the simulator and this process. */
function cpuOf(group: string): Map<Kind, number> {
  const own = cpuOfGroup(group);
  const totals = new Map<Kind, number>([
    ["runtime", own.runtime],
    ["proxy", own.proxy],
    ["wrangler", own.wrangler],
  ]);
  for (const info of processes()) {
    if (info.pid === String(process.pid)) totals.set("self", info.cpuMicros);
    else if (info.commandLine.includes("simulator/main.ts"))
      totals.set("sim", (totals.get("sim") ?? 0) + info.cpuMicros);
  }
  return totals;
}

const simulator = await startSimulatorProcess();
const gateway = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS);
const floor = await startFloorWorker(`${simulator.url}/label=floor,${UPSTREAM_OPTIONS}`);
const minimal = await startMinimalWorker(simulator.url, UPSTREAM_OPTIONS, "contract", "minimal-contract");
const minimalDo = await startMinimalWorker(simulator.url, UPSTREAM_OPTIONS, "contract", "minimal-do", 1);
try {
  const targets: Target[] = [
    gatewayTarget(gateway, await requireApiKey(gateway.url)),
    { name: "floor", url: `${floor.url}/v1/chat/completions`, headers: {} },
    minimalTarget(minimal, "minimal"),
    minimalTarget(minimalDo, "min+DO"),
  ];
  const groups = new Map(targets.map((target) => [target.name, groupOf(target.url)]));
  const body = chatBody("deepseek-reasoner", false);
  for (const target of targets) await measureThroughput(target, body, 8, 2);
  const rates = new Map<string, number[]>();
  const perRequest = new Map<string, Map<Kind, number[]>>();
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const group = groups.get(target.name);
      if (!group) throw new Error(`no wrangler process group for ${target.url}`);
      const before = cpuOf(group);
      const run = await measureThroughput(target, body, 32, seconds);
      const after = cpuOf(group);
      rates.set(target.name, [...(rates.get(target.name) ?? []), run.requestsPerSecond]);
      const byKind = perRequest.get(target.name) ?? new Map<Kind, number[]>();
      for (const kind of kinds) {
        const used = (after.get(kind) ?? 0) - (before.get(kind) ?? 0);
        byKind.set(kind, [...(byKind.get(kind) ?? []), used / Math.max(run.ok, 1)]);
      }
      perRequest.set(target.name, byKind);
    }
  }
  console.log(`CPU µs per request at 32 clients (median of ${rounds} rounds of ${seconds} s)`);
  console.log(`  ${"".padEnd(8)} ${kinds.map((kind) => kind.padStart(9)).join("")}    total   req/s`);
  for (const target of targets) {
    const byKind = perRequest.get(target.name) ?? new Map<Kind, number[]>();
    const cells = kinds.map((kind) => median(byKind.get(kind) ?? [0]));
    const total = cells.reduce((sum, value) => sum + value, 0);
    const rate = median(rates.get(target.name) ?? [0]);
    console.log(
      `  ${target.name.padEnd(8)} ${cells.map((value) => value.toFixed(0).padStart(9)).join("")} ${total.toFixed(0).padStart(8)} ${rate.toFixed(0).padStart(7)}`,
    );
  }
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const ratio = sum(rates.get("gateway") ?? []) / sum(rates.get("floor") ?? [1]);
  console.log(`  gateway / floor req/s: ${ratio.toFixed(3)}`);
  const runtime = (name: string) => median(perRequest.get(name)?.get("runtime") ?? [0]);
  console.log(
    `  runtime CPU ÷ floor's: gateway ${(runtime("gateway") / runtime("floor")).toFixed(2)}×, minimal ${(runtime("minimal") / runtime("floor")).toFixed(2)}×, minimal + 1 DO call ${(runtime("min+DO") / runtime("floor")).toFixed(2)}×`,
  );
} finally {
  await minimalDo.stop();
  await minimal.stop();
  await floor.stop();
  await gateway.stop();
  await simulator.stop();
}
