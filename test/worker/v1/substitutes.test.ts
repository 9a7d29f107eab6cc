import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { substitutePolicy } from "../../helpers/substitute-policy.ts";
import { simulator, statsFor, uniqueLabel } from "../inference/helpers.ts";
import { base, createKey } from "./helpers.ts";

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
      DEEPSEEK_BASE_URL: "http://127.0.0.1:9",
      GPU_POOL: JSON.stringify([
        {
          id: "gpu-llama",
          url: simulator(label, "reasoning=0"),
          region: "us",
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
    const vars = {
      // DeepSeek answers 400 "Model Not Exist" for a retired name: a catalog still mapping to it is our bug.
      DEEPSEEK_BASE_URL: simulator(deepseekLabel, "reasoning=0"),
      GPU_POOL: JSON.stringify([
        { id: "gpu-ok", url: simulator(gpuLabel, "reasoning=0"), region: "us", models: ["deepseek-flash"] },
      ]),
      ROUTING_POLICY: JSON.stringify({
        ...quietBreaker,
        models: { "deepseek-flash": { providers: { deepseek: "deepseek-chat" } } },
      }),
    };
    const response = await callWith(vars, { model: "deepseek-flash", messages: [{ role: "user", content: "hi" }] });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-edgechat-provider")).toBe("self-hosted");
    console.log("DBG", JSON.stringify(await statsFor(deepseekLabel)), JSON.stringify(await statsFor(gpuLabel)), vars.DEEPSEEK_BASE_URL);
    expect((await statsFor(deepseekLabel)).requests).toBe(1);
    expect((await statsFor(gpuLabel)).requests).toBe(1);
  });
});
