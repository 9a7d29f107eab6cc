// The partner-API figures: time to first token, non-streamed throughput and CPU per request.
// Requests to the targets are interleaved (gateway, floor, direct, gateway, …) so that a noisy moment of the
// machine hits every target alike; each figure is the median over several rounds.
import { cpuOfGroup } from "./process-cpu.ts";
import { type Figure, finite, missing, ratioOf } from "./report.ts";
import { median, quantile } from "./stats.ts";
import type { CostTarget } from "./stream-cost.ts";
import { chatBody, type Target, timeStream } from "./stream-timing.ts";
import { measureThroughput } from "./throughput.ts";

/** How much work each figure does; bounded so the whole bench stays within a few minutes. */
export type ApiBudget = {
  ttftRounds: number;
  ttftPerRound: number;
  throughputRounds: number;
  throughputSeconds: number;
  /** Rounds at one client (informational, so fewer than at 32). */
  singleClientRounds: number;
};

/** Raw medians kept for results.json and for the site figure (which subtracts the upstream's own TTFT). */
export type ApiMedians = { ttft: Record<string, number>; ttftP99: Record<string, number> };

// A short answer keeps TTFT samples cheap; the upstream paces per token (ttft option) so the first token
// really is the first write, not the whole answer in one packet.
const TTFT_BODY = chatBody("deepseek-chat", true, 20);
const PLAIN_BODY = chatBody("deepseek-chat", false, 20);

/** Sends a few requests to each target so that connections, isolates and caches are warm. */
export async function warmUp(targets: Target[], count: number): Promise<void> {
  for (let i = 0; i < count; i++) for (const target of targets) await timeStream(target, TTFT_BODY);
}

/** TTFT median and p99 for gateway, floor and the simulator directly, plus the gateway's added median. */
export async function ttftFigures(
  gateway: Target | null,
  floor: Target,
  direct: Target,
  budget: ApiBudget,
  note: string,
): Promise<{ figures: Figure[]; medians: ApiMedians }> {
  const targets = [floor, direct, ...(gateway ? [gateway] : [])];
  const samples: Record<string, number[]> = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let round = 0; round < budget.ttftRounds; round++) {
    for (let i = 0; i < budget.ttftPerRound; i++) {
      for (const target of targets) {
        const timing = await timeStream(target, TTFT_BODY);
        if (Number.isFinite(timing.ttftMs)) samples[target.name]?.push(timing.ttftMs);
      }
    }
  }
  const med = (name: string): number | null => finite(median(samples[name] ?? []));
  const p99 = (name: string): number | null => finite(quantile(samples[name] ?? [], 0.99));
  const gw = gateway ? med("gateway") : null;
  const fl = med("floor");
  const added = gw === null || fl === null ? null : gw - fl;
  const figures: Figure[] = [
    withNote(
      {
        id: "ttft_median_ms",
        label: "TTFT /v1 streamed, median",
        unit: "ms",
        gateway: gw,
        floor: fl,
        direct: med("direct"),
        ratio: ratioOf(gw, fl),
        target: "—",
        met: null,
      },
      gateway ? undefined : note,
    ),
    withNote(
      {
        id: "ttft_p99_ms",
        label: "TTFT /v1 streamed, p99",
        unit: "ms",
        gateway: gateway ? p99("gateway") : null,
        floor: p99("floor"),
        direct: p99("direct"),
        ratio: ratioOf(gateway ? p99("gateway") : null, p99("floor")),
        target: "—",
        met: null,
      },
      gateway ? undefined : note,
    ),
    withNote(
      {
        id: "ttft_added_median_ms",
        label: "added TTFT, full metered path (gateway − floor), median",
        unit: "ms",
        gateway: added,
        floor: null,
        ratio: null,
        target: "≤ 1 ms",
        met: added === null ? null : added <= 1,
      },
      gateway ? undefined : note,
    ),
  ];
  const ttft: Record<string, number> = {};
  const ttftP99: Record<string, number> = {};
  for (const target of targets) {
    ttft[target.name] = med(target.name) ?? Number.NaN;
    ttftP99[target.name] = p99(target.name) ?? Number.NaN;
  }
  return { figures, medians: { ttft, ttftP99 } };
}

/**
 * Non-streamed requests per second at 1 and 32 concurrent clients (autocannon), median of rounds, gateway against
 * floor; at 32 clients also against the minimal worker that sends the contract's headers (the throughput target),
 * and the Worker's CPU per request (its runtime process, see process-cpu.ts), gateway against floor.
 */
export async function throughputFigures(
  gateway: CostTarget | null,
  floor: CostTarget,
  minimal: Target | null,
  budget: ApiBudget,
  note: string,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const connections of [1, 32]) {
    const id = `rps_${connections}_clients`;
    const label = `non-streamed req/s, ${connections} client${connections === 1 ? "" : "s"}`;
    if (!gateway) {
      figures.push(missing(id, label, "req/s", "—", note));
      if (connections === 32) figures.push(missing("rps_32_vs_minimal", MINIMAL_LABEL, "req/s", MINIMAL_TARGET, note));
      continue;
    }
    const targets: Target[] = [gateway, floor, ...(connections === 32 && minimal ? [minimal] : [])];
    const runs: Record<string, number[]> = Object.fromEntries(targets.map((t) => [t.name, []]));
    const cpu: Record<string, number[]> = { gateway: [], floor: [] };
    let failed = 0;
    const rounds = connections === 1 ? budget.singleClientRounds : budget.throughputRounds;
    for (let round = 0; round < rounds; round++) {
      for (const t of targets) {
        const group = t === gateway ? gateway.group : t === floor ? floor.group : null;
        const before = group === null ? 0 : cpuOfGroup(group).runtime;
        const run = await measureThroughput(t, PLAIN_BODY, connections, budget.throughputSeconds);
        if (group !== null && run.ok > 0) cpu[t.name]?.push((cpuOfGroup(group).runtime - before) / run.ok);
        failed += run.non2xx + run.errors;
        runs[t.name]?.push(run.requestsPerSecond);
      }
    }
    const failures = failed > 0 ? `${failed} non-2xx/errors not counted` : undefined;
    const gw = finite(median(runs.gateway ?? []));
    const fl = finite(median(runs.floor ?? []));
    figures.push(
      withNote(
        { id, label, unit: "req/s", gateway: gw, floor: fl, ratio: ratioOf(gw, fl), target: "—", met: null },
        failures,
      ),
    );
    if (connections !== 32) continue;
    const min = minimal ? finite(median(runs[minimal.name] ?? [])) : null;
    const vsMinimal = ratioOf(gw, min);
    figures.push(
      withNote(
        {
          id: "rps_32_vs_minimal",
          label: MINIMAL_LABEL,
          unit: "req/s",
          gateway: gw,
          floor: min,
          ratio: vsMinimal,
          target: MINIMAL_TARGET,
          met: vsMinimal === null ? null : vsMinimal >= 0.9,
        },
        minimal ? failures : "n/a: the minimal worker did not start",
      ),
    );
    const cpuGateway = finite(median(cpu.gateway ?? []));
    const cpuFloor = finite(median(cpu.floor ?? []));
    const cpuRatio = ratioOf(cpuGateway, cpuFloor);
    figures.push({
      id: "cpu_per_request_us",
      label: "Worker CPU per non-streamed request, 32 clients",
      unit: "µs",
      gateway: cpuGateway,
      floor: cpuFloor,
      ratio: cpuRatio,
      target: "≤ 1.25× floor",
      met: cpuRatio === null ? null : cpuRatio <= 1.25,
    });
  }
  return figures;
}

const MINIMAL_LABEL =
  "non-streamed req/s, 32 clients, against the minimal worker with the contract's headers (floor column)";
const MINIMAL_TARGET = "≥ 0.9× minimal";

function withNote(figure: Figure, note: string | undefined): Figure {
  return note ? { ...figure, note } : figure;
}
