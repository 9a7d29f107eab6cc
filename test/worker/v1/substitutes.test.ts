import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { proxyChatCompletion } from "../../../src/inference/index.ts";
import { substitutePolicy } from "../../kit/substitute-policy.ts";
import { configWith, contextFor, gpu, simulator, statsFor, US, uniqueLabel } from "../../kit/worker/inference.ts";
import { base, createKey } from "../../kit/worker/v1.ts";

// Breakers stay out of the way: these tests take DeepSeek down on purpose and share its target id with others.
const quietBreaker = { breaker: { failureThreshold: 1000 } };

/** The Worker with its providers replaced: DeepSeek down, one GPU server that serves only the substitute. */
async function callWith(vars: Record<string, string>, body: Record<string, unknown>) {
  const key = await createKey();
  // Per-request env: the test runs the Worker's fetch handler with the bindings it would have in production.
  const { default: worker } = await import("../../../src/index.ts");
  const context = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} };
  return worker.fetch(
    new Request(`${base}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { ...env, ...vars } as Env,
    context as unknown as ExecutionContext,
  );
}

describe("a substitute answer on /v1", () => {
  it("is used only where the catalog allows it, and says so: model, x-edgechat-model and x-edgechat-substitute-for", async () => {
    const label = uniqueLabel("llama");
    const vars = {
      // DeepSeek unconfigured (no failures reported to the shared breaker), Workers AI unbound: flash has no target.
      DEEPSEEK_API_KEY: "",
      GPU_POOL: JSON.stringify([
        {
          id: "gpu-llama",
          url: simulator(label, "engine=vllm"),
          region: "us",
          engine: "vllm",
          models: { "llama-3.3-70b": "llama-3.3-70b-instruct" },
        },
      ]),
      ROUTING_POLICY: JSON.stringify({ ...substitutePolicy, ...quietBreaker }),
    };
    const response = await callWith(vars, { model: "deepseek-flash", messages: [{ role: "user", content: "hi" }] });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-edgechat-model")).toBe("llama-3.3-70b-instruct");
    expect(response.headers.get("x-edgechat-substitute-for")).toBe("deepseek-flash");
    const completion = await response.json<{ model: string }>();
    expect(completion.model).toBe("llama-3.3-70b-instruct");
    expect((await statsFor(label)).requests).toBe(1);

    // Without the catalog's permission the same outage is a 503, never a silent stand-in.
    const withoutPermission = await callWith(
      {
        ...vars,
        ROUTING_POLICY: JSON.stringify({ models: { "llama-3.3-70b": substitutePolicy.models["llama-3.3-70b"] } }),
      },
      { model: "deepseek-flash", messages: [{ role: "user", content: "hi" }] },
    );
    expect(withoutPermission.status).toBe(503);
    expect((await statsFor(label)).requests).toBe(1);
  });

  it("an upstream error caused by our own model mapping fails over and is never the client's 400", async () => {
    const gpuLabel = uniqueLabel("gpu-after-config-error");
    const deepseekLabel = uniqueLabel("retired-mapping");
    // DeepSeek answers 400 "Model Not Exist" for a retired name: a catalog still mapping to it is our bug.
    const config = configWith(
      {
        DEEPSEEK_BASE_URL: simulator(deepseekLabel),
        GPU_POOL: JSON.stringify([gpu("gpu-ok", simulator(gpuLabel), "us")]),
      },
      { models: { "deepseek-flash": { providers: { deepseek: "deepseek-chat" } } } },
    );
    const response = await proxyChatCompletion(contextFor(config), {
      requestId: "config-error",
      plan: "partner",
      region: US,
      model: "deepseek-flash",
      body: { messages: [{ role: "user", content: "hi" }] },
      stream: false,
      clientWantsUsage: false,
    });
    expect(response.served.targetId).toBe("gpu-ok");
    expect((await statsFor(deepseekLabel)).requests).toBe(1);
    expect((await statsFor(gpuLabel)).requests).toBe(1);
  });
});
