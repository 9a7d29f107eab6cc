// `node bench/cpu-split.ts`: CPU time per non-streamed /v1 request, split by process (Linux /proc), for the
// gateway and the floor at 32 clients. On a machine this load saturates, req/s follows total CPU per request,
// so this says which process a throughput gap lives in:
//   runtime  the workerd that runs the Worker with its Durable Objects, D1 and the asset router
//   proxy    the workerd of wrangler's proxy worker (dev only: it re-creates every response)
//   wrangler wrangler's Node process (it prints a log line for each request, sent by the runtime)
//   sim      the upstream simulator;  self  this process (autocannon)
// Processes are told apart by their command lines, so the idle target's processes are counted too (~1%).
// Options (env): ROUNDS (3), SECONDS (4).
import { gatewayTarget, requireApiKey, startBenchGateway, UPSTREAM_OPTIONS } from "./lib/bench-gateway.ts";
import { processes } from "./lib/process-cpu.ts";
import { startFloorWorker, startSimulatorProcess } from "./lib/processes.ts";
import { median } from "./lib/stats.ts";
import { chatBody, type Target } from "./lib/stream-timing.ts";
import { measureThroughput } from "./lib/throughput.ts";

const rounds = Number(process.env.ROUNDS ?? 3);
const seconds = Number(process.env.SECONDS ?? 4);
type Kind = "runtime" | "proxy" | "wrangler" | "sim" | "self";
const kinds: Kind[] = ["runtime", "proxy", "wrangler", "sim", "self"];

function kindOf(pid: string, commandLine: string): Kind | null {
  if (pid === String(process.pid)) return "self";
  if (commandLine.includes("workerd")) return commandLine.includes("entry=127.0.0.1:0") ? "runtime" : "proxy";
  if (commandLine.includes("wrangler-dist")) return "wrangler";
  if (commandLine.includes("simulator/main.ts")) return "sim";
  return null;
}

/** CPU microseconds used so far, by process kind. */
function cpuByKind(): Map<Kind, number> {
  const totals = new Map<Kind, number>();
  for (const info of processes()) {
    const kind = kindOf(info.pid, info.commandLine);
    if (kind) totals.set(kind, (totals.get(kind) ?? 0) + info.cpuMicros);
  }
  return totals;
}

const simulator = await startSimulatorProcess();
const gateway = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS);
const floor = await startFloorWorker(`${simulator.url}/label=floor,${UPSTREAM_OPTIONS}`);
try {
  const targets: Target[] = [
    gatewayTarget(gateway, await requireApiKey(gateway.url)),
    { name: "floor", url: `${floor.url}/v1/chat/completions`, headers: {} },
  ];
  const body = chatBody("deepseek-reasoner", false);
  for (const target of targets) await measureThroughput(target, body, 8, 2);
  const rates = new Map<string, number[]>();
  const perRequest = new Map<string, Map<Kind, number[]>>();
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const before = cpuByKind();
      const run = await measureThroughput(target, body, 32, seconds);
      const after = cpuByKind();
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
} finally {
  await floor.stop();
  await gateway.stop();
  await simulator.stop();
}
