import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { proxyChatCompletion } from "../../../src/inference/index.ts";
import { configWith, contextFor, gpu, simulator, statsFor, US, uniqueLabel } from "../../kit/worker/inference.ts";

describe("a provider account's concurrency limit", () => {
  it("holds across requests: at DeepSeek's limit the overflow of a burst goes to the next target, not to a 429", async () => {
    const deepseekLabel = uniqueLabel("deepseek-limit");
    const gpuLabel = uniqueLabel("gpu-overflow");
    const config = configWith(
      {
        // Slow enough that every request of the burst is still in flight when the last one is routed.
        DEEPSEEK_BASE_URL: simulator(deepseekLabel, "ttft=400,reasoning=0,tokens=3"),
        GPU_POOL: JSON.stringify([gpu("gpu-overflow", simulator(gpuLabel, "reasoning=0,tokens=3"), "us")]),
      },
      { providers: { deepseek: { maxConcurrency: 2 } } },
    );
    const context = contextFor(config);
    const burst = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        proxyChatCompletion(context, {
          requestId: `burst-${index}`,
          plan: "pro",
          region: US,
          model: "deepseek-flash",
          body: { messages: [{ role: "user", content: `hello ${index}` }] },
          stream: false,
          clientWantsUsage: false,
        }),
      ),
    );
    const served = burst.map((response) => response.served.targetId);
    expect(served.filter((id) => id === "deepseek")).toHaveLength(2);
    expect(served.filter((id) => id === "gpu-overflow")).toHaveLength(4);
    await Promise.all(burst.map((response) => response.done));
    await context.settled();
    expect((await statsFor(deepseekLabel)).requests).toBe(2);
    // Every slot is given back once the answers are done: the next request reaches DeepSeek again.
    expect(await env.CONCURRENCY_GATE.getByName("deepseek").inUse()).toBe(0);
  });

  it("costs nothing where no limit is set: no slot is taken", async () => {
    const label = uniqueLabel("deepseek-unlimited");
    const context = contextFor(configWith({ DEEPSEEK_BASE_URL: simulator(label, "reasoning=0,tokens=3") }));
    const response = await proxyChatCompletion(context, {
      requestId: "unlimited",
      plan: "pro",
      region: US,
      model: "deepseek-flash",
      body: { messages: [{ role: "user", content: "hello" }] },
      stream: false,
      clientWantsUsage: false,
    });
    expect(response.served.targetId).toBe("deepseek");
    await response.done;
    expect(await env.CONCURRENCY_GATE.getByName("deepseek").inUse()).toBe(0);
  });
});
