// What a streamed /v1 answer costs per 1,000 tokens, gateway against floor, in the cases users produce: with and
// without `stream_options.include_usage` (most clients never set it), a chat and a reasoning answer, and an
// upstream that writes one token per write (paced) or the whole answer at once (burst). Each row gives the wall
// time at the client and the CPU time of the Worker's runtime process (see process-cpu.ts), in interleaved
// batches (gateway, floor, gateway, …) so that a noisy moment hits both alike.
import { cpuOfGroup } from "./process-cpu.ts";
import { type Figure, finite, ratioOf } from "./report.ts";
import { median } from "./stats.ts";
import { type Target, timeStream } from "./stream-timing.ts";

/** A target whose runtime CPU is charged: `group` is its `wrangler dev` process group (process-cpu.ts). */
export type CostTarget = Target & { group: string | null };

/** How the upstream writes its answer. */
export type WritePattern = "paced" | "burst";

/** The gateway and the floor for one write pattern (the gateway's upstream options are set when it starts). */
export type CostPair = { gateway: CostTarget; floor: CostTarget };

/** Streams per batch and batches per target and row. */
export type StreamCostBudget = { rounds: number; perRound: number };

/** One measured case: the model (chat: 500 tokens; reasoning: 500 reasoning + 500 answer) and the client's ask. */
type Row = { model: "deepseek-chat" | "deepseek-reasoner"; writes: WritePattern; usage: boolean };

const ROWS: Row[] = (["paced", "burst"] as const).flatMap((writes) =>
  (["deepseek-reasoner", "deepseek-chat"] as const).flatMap((model) =>
    [false, true].map((usage) => ({ model, writes, usage })),
  ),
);

/** Raw per-row medians, for results.json. */
export type StreamCostMedians = Record<string, { wallMs: Record<string, number>; cpuMs: Record<string, number> }>;

/** Wall time and Worker CPU per 1,000 streamed tokens for every row, gateway against floor. */
export async function streamCostFigures(
  pairs: Record<WritePattern, CostPair>,
  budget: StreamCostBudget,
): Promise<{ figures: Figure[]; medians: StreamCostMedians }> {
  const figures: Figure[] = [];
  const medians: StreamCostMedians = {};
  for (const row of ROWS) {
    const pair = pairs[row.writes];
    const body = JSON.stringify({
      model: row.model,
      messages: [{ role: "user", content: "How fast is the edge?" }],
      stream: true,
      ...(row.usage ? { stream_options: { include_usage: true } } : {}),
    });
    const wall: Record<string, number[]> = { gateway: [], floor: [] };
    const cpu: Record<string, number[]> = { gateway: [], floor: [] };
    let shortStreams = 0;
    const expected = row.model === "deepseek-reasoner" ? 1000 : 500;
    for (let round = 0; round < budget.rounds; round++) {
      for (const [name, target] of [
        ["gateway", pair.gateway],
        ["floor", pair.floor],
      ] as const) {
        const before = target.group === null ? null : cpuOfGroup(target.group).runtime;
        const perThousand: number[] = [];
        let tokens = 0;
        for (let i = 0; i < budget.perRound; i++) {
          const timing = await timeStream(target, body);
          if (timing.tokens < expected) shortStreams++;
          if (timing.tokens === 0) continue;
          tokens += timing.tokens;
          perThousand.push((timing.totalMs * 1000) / timing.tokens);
        }
        wall[name]?.push(median(perThousand));
        if (before !== null && target.group !== null && tokens > 0) {
          const used = cpuOfGroup(target.group).runtime - before;
          cpu[name]?.push(used / tokens); // µs per token = ms per 1,000 tokens
        }
      }
    }
    const key = `${row.model === "deepseek-reasoner" ? "reasoning" : "chat"}, ${row.writes}, ${row.usage ? "include_usage" : "no usage asked"}`;
    const id = key.replaceAll(/[^a-z]+/g, "_");
    const wallGateway = finite(median(wall.gateway ?? []));
    const wallFloor = finite(median(wall.floor ?? []));
    const cpuGateway = finite(median(cpu.gateway ?? []));
    const cpuFloor = finite(median(cpu.floor ?? []));
    medians[key] = {
      wallMs: { gateway: wallGateway ?? Number.NaN, floor: wallFloor ?? Number.NaN },
      cpuMs: { gateway: cpuGateway ?? Number.NaN, floor: cpuFloor ?? Number.NaN },
    };
    const note = shortStreams > 0 ? `${shortStreams} streams had fewer tokens than the answer` : undefined;
    figures.push(
      ratioFigure(`stream_wall_${id}`, `wall per 1,000 streamed tokens (${key})`, wallGateway, wallFloor, 1.2, note),
      ratioFigure(`stream_cpu_${id}`, `Worker CPU per 1,000 streamed tokens (${key})`, cpuGateway, cpuFloor, 1.2, note),
    );
  }
  return { figures, medians };
}

/** A gateway-against-floor figure in ms whose target is a ratio ceiling. */
export function ratioFigure(
  id: string,
  label: string,
  gateway: number | null,
  floor: number | null,
  ceiling: number,
  note?: string,
): Figure {
  const ratio = ratioOf(gateway, floor);
  const figure: Figure = {
    id,
    label,
    unit: "ms",
    gateway,
    floor,
    ratio,
    target: `≤ ${ceiling}× floor`,
    met: ratio === null ? null : ratio <= ceiling,
  };
  return note ? { ...figure, note } : figure;
}
