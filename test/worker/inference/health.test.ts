import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { closedHealth, nextHealth, rampFactor } from "../../../src/inference/health/breaker.ts";
import { healthSnapshot } from "../../../src/inference/health/health.ts";
import { explainRoute, streamChat } from "../../../src/inference/index.ts";
import {
  collect,
  configWith,
  contextFor,
  eventually,
  gpu,
  simulator,
  statsFor,
  US,
  uniqueLabel,
} from "../../kit/worker/inference.ts";

const breaker = { failureThreshold: 2, openMs: 10_000, maxOpenMs: 40_000, rampMs: 30_000, cacheMs: 5_000 };
const question = [{ role: "user" as const, content: "hi" }];

describe("the circuit breaker", () => {
  it("opens after consecutive failures, half-opens after its period, doubles on a failed probe, closes on success", () => {
    let health = nextHealth(closedHealth, false, 0, breaker);
    expect(health.state).toBe("closed");
    health = nextHealth(health, false, 1, breaker);
    expect(health).toMatchObject({ state: "open", openUntil: 10_001 });
    // A request that started before the circuit opened does not extend it.
    expect(nextHealth(health, false, 2, breaker).openUntil).toBe(10_001);
    health = nextHealth(health, false, 10_002, breaker);
    expect(health).toMatchObject({ state: "open", openUntil: 30_002, openForMs: 20_000 });
    health = nextHealth(health, true, 30_003, breaker);
    expect(health).toMatchObject({ state: "closed", failures: 0, recoveredAt: 30_003 });
  });

  it("brings a recovered server back gradually: 10% of its weight at first, all of it after the ramp", () => {
    const recovered = { ...closedHealth, recoveredAt: 1_000 };
    expect(rampFactor(recovered, 1_000, 30_000)).toBeCloseTo(0.1);
    expect(rampFactor(recovered, 16_000, 30_000)).toBeCloseTo(0.55);
    expect(rampFactor(recovered, 31_000, 30_000)).toBe(1);
    expect(rampFactor(undefined, 0, 30_000)).toBe(1);
  });

  it("a failing server is skipped once its circuit opens, and the state reaches the shared Durable Object", async () => {
    const gpuLabel = uniqueLabel("gpu-breaker");
    const deepseekLabel = uniqueLabel("deepseek");
    const id = uniqueLabel("gpu-breaker");
    const config = configWith(
      {
        DEEPSEEK_BASE_URL: simulator(deepseekLabel),
        GPU_POOL: JSON.stringify([gpu(id, simulator(gpuLabel, "fault=500"))]),
      },
      { breaker, retry: { maxAttempts: 2 } },
    );
    const context = contextFor(config);
    for (let request = 0; request < 4; request++) {
      const chat = await streamChat(context, {
        requestId: `b${request}`,
        plan: "free",
        region: US,
        model: "deepseek-chat",
        messages: question,
      });
      expect(chat.served.provider).toBe("deepseek");
      await collect(chat.events);
    }
    expect((await statsFor(gpuLabel)).requests).toBe(2);
    expect((await statsFor(deepseekLabel)).requests).toBe(4);
    await context.settled();
    const shared = await env.PROVIDER_HEALTH.getByName("global").snapshot();
    expect(shared.targets[id]).toMatchObject({ state: "open", failures: 2 });
    const route = explainRoute(config, "free", US, "deepseek-chat", healthSnapshot(context));
    expect(route.excluded).toContainEqual(expect.objectContaining({ target: id, rule: "circuit-open" }));
  });

  it("when an open period ends, an alarm probes the server's /v1/models before letting traffic back", async () => {
    const stub = env.PROVIDER_HEALTH.getByName("global");
    // gpu-eu-1 is the deployment's own GPU server (test bindings), so the object knows how to probe it.
    const quick = { ...breaker, openMs: 1, maxOpenMs: 1 };
    const now = Date.now();
    await stub.report(
      [
        { target: "gpu-eu-1", ok: false, at: now },
        { target: "gpu-eu-1", ok: false, at: now },
      ],
      quick,
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The alarm may already have run on its own; running it again is harmless.
    await runDurableObjectAlarm(stub);
    const probed = await eventually(async () => (await stub.snapshot()).targets["gpu-eu-1"]?.state === "half-open");
    expect(probed).toBe(true);
    await stub.reset();
    expect((await stub.snapshot()).targets).toEqual({});
  });
});
