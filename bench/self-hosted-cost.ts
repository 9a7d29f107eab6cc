// `node bench/self-hosted-cost.ts`: what a streamed /v1 answer from a self-hosted server costs per 1,000 tokens,
// gateway against the floor, for each engine dialect (ENGINES, default "sglang,vllm"): SGLang's stream passes
// through the runtime's pipe when the client asked for usage (nothing to rewrite), vLLM's always goes through the
// JavaScript pump (its `reasoning` field is renamed). Paced upstream writes only; the rows are `npm run bench`'s
// (stream-cost.ts), with the partner plan routed to one simulated server of that engine. ROUNDS (3), PER_ROUND (6).

import { gatewayTarget, requireApiKey, startBenchGateway, UPSTREAM_OPTIONS } from "./lib/bench-gateway.ts";
import { groupOf } from "./lib/process-cpu.ts";
import { startFloorWorker, startSimulatorProcess } from "./lib/processes.ts";
import { renderTable } from "./lib/report.ts";
import { type CostTarget, streamCostFigures } from "./lib/stream-cost.ts";

const engines = (process.env.ENGINES ?? "sglang,vllm").split(",");
const budget = { rounds: Number(process.env.ROUNDS ?? 3), perRound: Number(process.env.PER_ROUND ?? 6) };

const simulator = await startSimulatorProcess();
const floor = await startFloorWorker(`${simulator.url}/label=floor,${UPSTREAM_OPTIONS}`);
try {
  const floorCost: CostTarget = {
    name: "floor",
    url: `${floor.url}/v1/chat/completions`,
    headers: {},
    group: groupOf(floor.url),
  };
  for (const engine of engines) {
    const gateway = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS, { engine });
    try {
      const key = await requireApiKey(gateway.url);
      const target: CostTarget = { ...gatewayTarget(gateway, key), group: groupOf(gateway.url) };
      const pair = { gateway: target, floor: floorCost };
      const { figures } = await streamCostFigures({ paced: pair, burst: pair }, budget);
      console.log(`\n${engine}`);
      console.log(renderTable(figures.filter((figure) => !figure.id.includes("burst"))));
    } finally {
      await gateway.stop();
    }
  }
} finally {
  await floor.stop();
  await simulator.stop();
}
