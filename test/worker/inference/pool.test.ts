import { describe, expect, it } from "vitest";
import { explainRoute, streamChat } from "../../../src/inference/index.ts";
import { acquireSlot, arrangePool } from "../../../src/inference/routing/pool.ts";
import { configWith, contextFor, gpu, simulator, US, uniqueLabel } from "../../kit/worker/inference.ts";

/** A seeded generator, so the draw is reproducible. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function firstChoices(config: ReturnType<typeof configWith>, health = { targets: {} }, now = Date.now()) {
  const chain = explainRoute(config, "free", US, "deepseek-chat", health).chain;
  const random = seeded(7);
  const counts: Record<string, number> = {};
  for (let draw = 0; draw < 4_000; draw++) {
    const first = arrangePool(chain, config, health, now, random)[0]!.id;
    counts[first] = (counts[first] ?? 0) + 1;
  }
  return counts;
}

describe("the self-hosted pool", () => {
  it("spreads requests by weight", () => {
    const config = configWith({
      GPU_POOL: JSON.stringify([
        gpu("heavy", "http://a.example", "eu", { weight: 3 }),
        gpu("light", "http://b.example"),
      ]),
    });
    const counts = firstChoices(config);
    expect(counts.heavy! / 4_000).toBeGreaterThan(0.7);
    expect(counts.heavy! / 4_000).toBeLessThan(0.8);
  });

  it("prefers the server with fewer requests in flight", () => {
    const config = configWith({
      GPU_POOL: JSON.stringify([gpu("busy-a", "http://a.example"), gpu("idle-b", "http://b.example")]),
    });
    const chain = explainRoute(config, "free", US, "deepseek-chat").chain;
    const releases = [0, 1, 2].map(() => acquireSlot(config, chain[0]!)!);
    const counts = firstChoices(config);
    for (const release of releases) release();
    expect(counts["idle-b"]! / 4_000).toBeGreaterThan(0.7);
  });

  it("gives a server that just recovered a small share that grows back", () => {
    const config = configWith({
      GPU_POOL: JSON.stringify([gpu("steady", "http://a.example"), gpu("recovered", "http://b.example")]),
    });
    const now = Date.now();
    const health = {
      targets: { recovered: { state: "closed" as const, failures: 0, openUntil: 0, openForMs: 0, recoveredAt: now } },
    };
    expect(firstChoices(config, health, now).recovered! / 4_000).toBeLessThan(0.15);
    expect(firstChoices(config, health, now + 60_000).recovered! / 4_000).toBeGreaterThan(0.4);
  });

  it("never sends a server more requests at once than its cap: the next target answers", async () => {
    const label = uniqueLabel("gpu-capped");
    const config = configWith({
      GPU_POOL: JSON.stringify([
        gpu(uniqueLabel("capped"), simulator(label, "tps=50"), "eu", { maxConcurrency: 1 }),
        gpu(uniqueLabel("spare"), simulator(uniqueLabel("gpu-spare"))),
      ]),
    });
    const context = contextFor(config);
    const ask = () =>
      streamChat(context, {
        requestId: "p",
        plan: "free",
        region: US,
        model: "deepseek-chat",
        messages: [{ role: "user", content: "hi" }],
      });
    // The pool draws by weight; keep asking until the capped server holds a stream, then ask once more.
    const open = [];
    let held = await ask();
    open.push(held);
    while (!held.served.targetId.startsWith("capped")) {
      held = await ask();
      open.push(held);
    }
    const next = await ask();
    expect(next.served.targetId).toMatch(/^spare/);
    for (const chat of [...open, next]) await chat.events.cancel();
  });
});
