// Reads a V8 CPU profile (.cpuprofile) the way bench/profile.ts needs: where the isolate's samples land, by
// function, counted in samples rather than summed time deltas (the sampler runs late under load, and a late
// sample's long delta would be charged to whatever happens to be on the stack).

/** The parts of a `.cpuprofile` this reads. */
export type CpuProfile = {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
};

/** A text summary: samples per request, then the top functions by own samples and by inclusive samples. */
export function summarizeProfile(profile: CpuProfile, requests: number, top = 30): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (id: number): string => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return "?";
    const file = frame.url.split("/").at(-1) ?? "";
    return `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
  };
  const own = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idle = 0;
  for (const id of profile.samples) {
    const name = label(id);
    if (name.startsWith("(idle)")) idle++;
    own.set(name, (own.get(name) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = label(at);
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + 1);
    }
  }
  const total = profile.samples.length;
  const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
  const medianDelta = deltas[Math.floor(deltas.length / 2)] ?? 0;
  const lines = [
    `${total} samples (median interval ${medianDelta} µs), ${((total - idle) / requests).toFixed(2)} busy samples per request`,
    "",
    "own samples:",
    ...ranked(own, total, top),
    "",
    "inclusive samples:",
    ...ranked(inclusive, total, top),
  ];
  return lines.join("\n");
}

function ranked(counts: Map<string, number>, total: number, top: number): string[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, count]) => `${((100 * count) / total).toFixed(1).padStart(6)}%  ${name}`);
}
