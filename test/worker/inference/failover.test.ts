import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/http/app-error.ts";
import { proxyChatCompletion, streamChat } from "../../../src/inference/index.ts";
import {
  collect,
  configWith,
  contextFor,
  DE,
  gpu,
  simulator,
  statsFor,
  textOf,
  US,
  uniqueLabel,
} from "../../kit/worker/inference.ts";

const question = [{ role: "user" as const, content: "hello there" }];

/** A free-plan setup: one failing GPU server first, a healthy DeepSeek endpoint last. */
function failingGpuThenDeepseek(fault: string) {
  const gpuLabel = uniqueLabel(`gpu-${fault}`);
  const deepseekLabel = uniqueLabel("deepseek");
  const config = configWith(
    {
      DEEPSEEK_BASE_URL: simulator(deepseekLabel),
      GPU_POOL: JSON.stringify([gpu("gpu-failing", simulator(gpuLabel, `fault=${fault}`))]),
    },
    { timeouts: { firstTokenMs: 400 } },
  );
  return { gpuLabel, deepseekLabel, context: contextFor(config) };
}

describe("before the first token, a failing target falls back to the next one", () => {
  for (const fault of ["500", "503", "429", "401", "402", "hang", "drop-before"]) {
    it(`a GPU server answering ${fault} is replaced by DeepSeek, unseen by the chat`, async () => {
      const { gpuLabel, deepseekLabel, context } = failingGpuThenDeepseek(fault);
      const chat = await streamChat(context, {
        requestId: "f",
        plan: "free",
        region: US,
        model: "deepseek-chat",
        messages: question,
      });
      expect(chat.served.provider).toBe("deepseek");
      const events = await collect(chat.events);
      expect(textOf(events).text).toContain("You said: hello there");
      expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });
      expect((await statsFor(gpuLabel)).requests).toBeGreaterThanOrEqual(1);
      expect((await statsFor(deepseekLabel)).requests).toBe(1);
    });

    it(`a GPU server answering ${fault} is replaced by DeepSeek for /v1 too`, async () => {
      const { deepseekLabel, context } = failingGpuThenDeepseek(fault);
      const response = await proxyChatCompletion(context, {
        requestId: "f",
        plan: "free",
        region: US,
        model: "deepseek-chat",
        body: { messages: question, stream: true },
        stream: true,
        clientWantsUsage: true,
      });
      expect(response.served.provider).toBe("deepseek");
      const text = await new Response(response.body).text();
      expect(text).toContain('"usage":{');
      expect((await response.done).status).toBe("complete");
      expect((await statsFor(deepseekLabel)).requests).toBe(1);
    });
  }

  it("a non-streamed /v1 request also leaves a hung GPU server after the first-token timeout", async () => {
    const { deepseekLabel, context } = failingGpuThenDeepseek("hang");
    const response = await proxyChatCompletion(context, {
      requestId: "f",
      plan: "free",
      region: US,
      model: "deepseek-chat",
      body: { messages: question },
      stream: false,
      clientWantsUsage: false,
    });
    expect(response.served.provider).toBe("deepseek");
    expect((await response.done).status).toBe("complete");
    expect((await statsFor(deepseekLabel)).requests).toBe(1);
  });

  it("a 400 from the provider is the client's mistake: surfaced as a 400, not retried elsewhere", async () => {
    const { deepseekLabel, context } = failingGpuThenDeepseek("400");
    const attempt = streamChat(context, {
      requestId: "f",
      plan: "free",
      region: US,
      model: "deepseek-chat",
      messages: question,
    });
    await expect(attempt).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("Simulated invalid request"),
    });
    expect((await statsFor(deepseekLabel)).requests).toBe(0);
  });

  it("when every target fails, the caller gets a 503 provider_unavailable that says so", async () => {
    const label = uniqueLabel("down");
    const context = contextFor(
      configWith({
        DEEPSEEK_BASE_URL: simulator(label, "fault=500"),
        GPU_POOL: JSON.stringify([gpu("gpu-down", simulator(label, "fault=503"))]),
      }),
    );
    const attempt = streamChat(context, {
      requestId: "f",
      plan: "pro",
      region: US,
      model: "deepseek-chat",
      messages: question,
    });
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 503, code: "provider_unavailable" });
    expect((error as AppError).message).toMatch(/Every available provider failed/);
  });
});

describe("region residency", () => {
  it("an EU visitor is never sent to DeepSeek, even when every other target is down: it fails cleanly", async () => {
    const deepseekLabel = uniqueLabel("deepseek-eu");
    const gpuLabel = uniqueLabel("gpu-eu-down");
    const context = contextFor(
      configWith({
        DEEPSEEK_BASE_URL: simulator(deepseekLabel),
        GPU_POOL: JSON.stringify([gpu("gpu-eu-down", simulator(gpuLabel, "fault=500"))]),
      }),
    );
    for (const plan of ["free", "pro", "partner"]) {
      const attempt = streamChat(context, {
        requestId: "eu",
        plan,
        region: DE,
        model: "deepseek-chat",
        messages: question,
      });
      await expect(attempt).rejects.toMatchObject({ status: 503, code: "provider_unavailable" });
      const proxied = proxyChatCompletion(context, {
        requestId: "eu",
        plan,
        region: DE,
        model: "deepseek-reasoner",
        body: { messages: question },
        stream: false,
        clientWantsUsage: false,
      });
      await expect(proxied).rejects.toMatchObject({ status: 503, code: "provider_unavailable" });
    }
    expect((await statsFor(gpuLabel)).requests).toBeGreaterThan(0);
    expect((await statsFor(deepseekLabel)).requests).toBe(0);
  });

  it("an EU visitor is served by an EU GPU server", async () => {
    const label = uniqueLabel("gpu-eu");
    const context = contextFor(configWith({ GPU_POOL: JSON.stringify([gpu("gpu-eu-ok", simulator(label))]) }));
    const chat = await streamChat(context, {
      requestId: "eu",
      plan: "pro",
      region: DE,
      model: "deepseek-chat",
      messages: question,
    });
    expect(chat.served).toMatchObject({ provider: "self-hosted", targetId: "gpu-eu-ok", region: "eu" });
    await collect(chat.events);
  });

  it("a refused country gets a 451 naming it; unknown and forbidden models get 404 and 403", async () => {
    const context = contextFor(configWith({}, { regions: { refusedCountries: ["KP"] } }));
    const ask = (model: string, plan: string, country: string) =>
      streamChat(context, { requestId: "r", plan, region: { country, continent: null }, model, messages: question });
    await expect(ask("deepseek-chat", "free", "KP")).rejects.toMatchObject({ status: 451, code: "region_refused" });
    await expect(ask("gpt-9", "free", "US")).rejects.toMatchObject({ status: 404, code: "model_not_found" });
    await expect(ask("deepseek-chat", "nobody", "US")).rejects.toMatchObject({
      status: 403,
      code: "model_not_allowed",
    });
  });
});
