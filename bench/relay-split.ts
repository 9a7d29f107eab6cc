// `node bench/relay-split.ts`: what each way of passing an SSE body through a Worker costs per 1,000 streamed
// tokens (wall time at the client, CPU of the Worker's runtime process), on the bench's harness. The variants
// are in bench/relay-worker/index.ts; "native" is the floor. Upstream writes are paced (one token per write) or
// burst (the whole answer in one write). Options (env): ROUNDS (3), PER_ROUND (8), MODES.
import { cpuOfGroup, groupOf } from "./lib/process-cpu.ts";
import { startBenchWorker, startSimulatorProcess } from "./lib/processes.ts";
import { median } from "./lib/stats.ts";
import { chatBody, timeStream } from "./lib/stream-timing.ts";

const rounds = Number(process.env.ROUNDS ?? 3);
const perRound = Number(process.env.PER_ROUND ?? 8);
const modes = (process.env.MODES ?? "native,tee,pump,transform,writer").split(",");
const writes = { paced: "tokens=500,reasoning=500,ttft=1", burst: "tokens=500,reasoning=500" };

const simulator = await startSimulatorProcess();
const relay = await startBenchWorker("bench/relay-worker/wrangler.toml", { UPSTREAM_URL: simulator.url });
try {
  const group = groupOf(relay.url);
  if (group === null) throw new Error("relay worker's process group not found");
  const body = chatBody("deepseek-reasoner", true);
  const wall = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  for (let round = -1; round < rounds; round++) {
    for (const [pattern, options] of Object.entries(writes)) {
      for (const mode of modes) {
        const target = {
          name: mode,
          url: `${relay.url}/${mode}/label=${mode},${options}/v1/chat/completions`,
          headers: {},
        };
        const before = cpuOfGroup(group).runtime;
        const times: number[] = [];
        let tokens = 0;
        for (let i = 0; i < perRound; i++) {
          const timing = await timeStream(target, body);
          tokens += timing.tokens;
          times.push((timing.totalMs * 1000) / timing.tokens);
        }
        const used = cpuOfGroup(group).runtime - before;
        if (round < 0) continue; // warm-up
        const key = `${pattern} ${mode}`;
        wall.set(key, [...(wall.get(key) ?? []), median(times)]);
        cpu.set(key, [...(cpu.get(key) ?? []), (used * 1000) / tokens / 1000]);
      }
    }
  }
  console.log(`per 1,000 streamed tokens, median of ${rounds} rounds of ${perRound} streams`);
  console.log("write pattern, relay      wall ms   ×native   runtime CPU ms   ×native");
  for (const pattern of Object.keys(writes)) {
    const base = (map: Map<string, number[]>) => median(map.get(`${pattern} native`) ?? []);
    for (const mode of modes) {
      const key = `${pattern} ${mode}`;
      const w = median(wall.get(key) ?? []);
      const c = median(cpu.get(key) ?? []);
      console.log(
        `${key.padEnd(24)} ${w.toFixed(1).padStart(8)} ${(w / base(wall)).toFixed(2).padStart(8)}× ${c.toFixed(2).padStart(14)} ${(c / base(cpu)).toFixed(2).padStart(8)}×`,
      );
    }
  }
} finally {
  await relay.stop();
  await simulator.stop();
}
