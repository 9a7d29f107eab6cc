// Where the gateway's added time goes: the same harness round trip stopped at successive depths of the
// /v1 path (routing shell only, key rejected, key accepted but body refused), next to the floor. Written to
// results.json as `breakdownMs`, for whoever works on the figures the table says are missed.
import { median } from "./stats.ts";

/** One probe: a request that stops at a known depth of the gateway. */
type Probe = { name: string; url: string; init: RequestInit };

/** Median round trip (ms) of each probe over `count` interleaved rounds; NaN for a probe that never answered. */
export async function pathBreakdown(gatewayUrl: string, floorUrl: string, apiKey: string | null, count: number) {
  const json = { "content-type": "application/json", "x-dev-country": "US" };
  const probes: Probe[] = [
    { name: "floor GET /healthz", url: `${floorUrl}/healthz`, init: {} },
    { name: "gateway GET /healthz", url: `${gatewayUrl}/healthz`, init: {} },
    {
      name: "gateway /v1 401 (unknown key)",
      url: `${gatewayUrl}/v1/chat/completions`,
      init: { method: "POST", headers: { ...json, authorization: "Bearer sk-unknown" }, body: "{}" },
    },
  ];
  if (apiKey) {
    probes.push({
      name: "gateway /v1 400 (key ok, n=2 refused)",
      url: `${gatewayUrl}/v1/chat/completions`,
      init: {
        method: "POST",
        headers: { ...json, authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ model: "deepseek-chat", messages: [{ role: "user", content: "x" }], n: 2 }),
      },
    });
    probes.push({
      name: "gateway GET /v1/models",
      url: `${gatewayUrl}/v1/models`,
      init: { headers: { authorization: `Bearer ${apiKey}` } },
    });
  }
  const samples: Record<string, number[]> = Object.fromEntries(probes.map((probe) => [probe.name, []]));
  for (let i = 0; i < count; i++) {
    for (const probe of probes) {
      const started = performance.now();
      const response = await fetch(probe.url, { ...probe.init, signal: AbortSignal.timeout(10_000) }).catch(() => null);
      await response?.arrayBuffer();
      if (response) samples[probe.name]?.push(performance.now() - started);
    }
  }
  return Object.fromEntries(probes.map((probe) => [probe.name, median(samples[probe.name] ?? [])]));
}
