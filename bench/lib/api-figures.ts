// The partner-API figures: time to first token, wall time per 1,000 tokens, non-streamed throughput.
// Requests to the targets are interleaved (gateway, floor, direct, gateway, …) so that a noisy moment of the
// machine hits every target alike; each figure is the median over several rounds.
import { type Figure, finite, missing, ratioOf } from "./report.ts";
import { median, quantile } from "./stats.ts";
import { chatBody, type Target, timeStream } from "./stream-timing.ts";
import { measureThroughput } from "./throughput.ts";

/** How much work each figure does; bounded so the whole bench stays within a few minutes. */
export type ApiBudget = {
  ttftRounds: number;
  ttftPerRound: number;
  wallRounds: number;
  wallPerRound: number;
  throughputRounds: number;
  throughputSeconds: number;
};

/** Raw medians kept for results.json and for the site figure (which subtracts the upstream's own TTFT). */
export type ApiMedians = { ttft: Record<string, number>; ttftP99: Record<string, number> };

// A short answer keeps TTFT samples cheap; the upstream paces per token (ttft option) so the first token
// really is the first write, not the whole answer in one packet.
const TTFT_BODY = chatBody("deepseek-chat", true, 20);
// deepseek-reasoner: the simulator sends 500 reasoning + 500 answer tokens (see UPSTREAM_OPTIONS in run.ts).
const WALL_BODY = chatBody("deepseek-reasoner", true);
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

/** Wall time of a 1,000-token stream (500 reasoning + 500 answer), gateway vs floor. */
export async function wallFigure(
  gateway: Target | null,
  floor: Target,
  budget: ApiBudget,
  note: string,
): Promise<Figure> {
  if (!gateway)
    return missing("wall_per_1000_tokens_ms", "wall time per 1,000 streamed tokens", "ms", "≤ 1.2× floor", note);
  const rounds: Record<string, number[]> = { gateway: [], floor: [] };
  let shortStreams = 0;
  for (let round = 0; round < budget.wallRounds; round++) {
    const inRound: Record<string, number[]> = { gateway: [], floor: [] };
    for (let i = 0; i < budget.wallPerRound; i++) {
      for (const target of [gateway, floor]) {
        const timing = await timeStream(target, WALL_BODY);
        if (timing.tokens < 1000) shortStreams++;
        if (timing.tokens > 0) inRound[target.name]?.push((timing.totalMs * 1000) / timing.tokens);
      }
    }
    for (const name of ["gateway", "floor"]) rounds[name]?.push(median(inRound[name] ?? []));
  }
  const gw = finite(median(rounds.gateway ?? []));
  const fl = finite(median(rounds.floor ?? []));
  const ratio = ratioOf(gw, fl);
  return withNote(
    {
      id: "wall_per_1000_tokens_ms",
      label: "wall time per 1,000 streamed tokens",
      unit: "ms",
      gateway: gw,
      floor: fl,
      ratio,
      target: "≤ 1.2× floor",
      met: ratio === null ? null : ratio <= 1.2,
    },
    shortStreams > 0 ? `${shortStreams} streams had < 1,000 tokens` : undefined,
  );
}

/** Non-streamed requests per second at 1 and 32 concurrent clients (autocannon), median of rounds. */
export async function throughputFigures(
  gateway: Target | null,
  floor: Target,
  budget: ApiBudget,
  note: string,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const connections of [1, 32]) {
    const id = `rps_${connections}_clients`;
    const label = `non-streamed req/s, ${connections} client${connections === 1 ? "" : "s"}`;
    const target = connections === 32 ? "≥ 0.9× floor" : "—";
    if (!gateway) {
      figures.push(missing(id, label, "req/s", target, note));
      continue;
    }
    const runs: Record<string, number[]> = { gateway: [], floor: [] };
    let failed = 0;
    for (let round = 0; round < budget.throughputRounds; round++) {
      for (const t of [gateway, floor]) {
        const run = await measureThroughput(t, PLAIN_BODY, connections, budget.throughputSeconds);
        failed += run.non2xx + run.errors;
        runs[t.name]?.push(run.requestsPerSecond);
      }
    }
    const gw = finite(median(runs.gateway ?? []));
    const fl = finite(median(runs.floor ?? []));
    const ratio = ratioOf(gw, fl);
    figures.push(
      withNote(
        {
          id,
          label,
          unit: "req/s",
          gateway: gw,
          floor: fl,
          ratio,
          target,
          met: connections === 32 && ratio !== null ? ratio >= 0.9 : null,
        },
        failed > 0 ? `${failed} non-2xx/errors not counted` : undefined,
      ),
    );
  }
  return figures;
}

function withNote(figure: Figure, note: string | undefined): Figure {
  return note ? { ...figure, note } : figure;
}
