import { describe, expect, it } from "vitest";
import { proxyChatCompletion, streamChat } from "../../../src/inference/index.ts";
import {
  collect,
  configWith,
  contextFor,
  eventually,
  selfHostedOnly,
  simulator,
  statsFor,
  textOf,
  US,
  uniqueLabel,
} from "../../kit/worker/inference.ts";

const question = [{ role: "user" as const, content: "tell me more" }];

function deepseekWith(options: string, policy: Record<string, unknown> = {}) {
  const label = uniqueLabel("deepseek");
  const config = configWith({ DEEPSEEK_BASE_URL: simulator(label, options), GPU_POOL: "[]" }, policy);
  return { label, context: contextFor(config) };
}

describe("after the first token, never a silent cut", () => {
  for (const [fault, code, says] of [
    ["drop", "upstream_interrupted", "connection broke"],
    ["stall", "upstream_interrupted", "went silent for 300 ms"],
    ["malformed", "upstream_malformed", "malformed"],
  ] as const) {
    it(`a ${fault} mid-answer ends the chat stream with estimated usage and an ${code} error`, async () => {
      const { context } = deepseekWith(`fault=${fault}`, { timeouts: { stallMs: 300 } });
      const chat = await streamChat(context, {
        requestId: "m",
        plan: "pro",
        region: US,
        model: "deepseek-chat",
        messages: question,
      });
      const events = await collect(chat.events);
      expect(textOf(events).text.length).toBeGreaterThan(0);
      const terminal = events.filter((event) => event.type === "finish" || event.type === "error");
      expect(terminal).toEqual([{ type: "error", code, message: expect.stringContaining(says) }]);
      expect(events.at(-1)?.type).toBe("error");
      expect(events.find((event) => event.type === "usage")).toMatchObject({ estimated: true });
    });
  }

  // DeepSeek's stream and SGLang's (the client asked for usage) take the runtime's pipe, vLLM's the JavaScript pump.
  for (const [fault, says, engine] of [
    ["drop", "connection broke", null],
    ["stall", "went silent for 300 ms", null],
    ["drop", "connection broke", "sglang"],
    ["stall", "went silent for 300 ms", "sglang"],
    ["drop", "connection broke", "vllm"],
    ["stall", "went silent for 300 ms", "vllm"],
  ] as const) {
    it(`a ${fault} mid-answer on /v1 (${engine ?? "deepseek"}) ends with finish_reason "error", an upstream_interrupted error and [DONE]`, async () => {
      const policy = { timeouts: { stallMs: 300 } };
      const { context } = engine
        ? selfHostedOnly(engine, `fault=${fault}`, policy)
        : deepseekWith(`fault=${fault}`, policy);
      const response = await proxyChatCompletion(context, {
        requestId: "m",
        plan: engine ? "free" : "partner",
        region: US,
        model: "deepseek-chat",
        body: { messages: question, stream: true },
        stream: true,
        clientWantsUsage: true,
      });
      const events = (await new Response(response.body).text()).split("\n\n").filter(Boolean);
      expect(events.at(-1)).toBe("data: [DONE]");
      expect(JSON.parse(events.at(-2)!.slice(6))).toMatchObject({
        error: { code: "upstream_interrupted", message: expect.stringContaining(says) },
      });
      expect(JSON.parse(events.at(-3)!.slice(6))).toMatchObject({ choices: [{ finish_reason: "error" }] });
      const outcome = await response.done;
      expect(outcome).toMatchObject({ status: "error", estimated: true, finishReason: "error" });
      expect(outcome.usage?.completionTokens).toBeGreaterThan(0);
    });
  }
});

describe("a client that goes away cancels the upstream request", () => {
  it("cancelling the chat stream aborts the provider's request", async () => {
    const { label, context } = deepseekWith("tps=20,tokens=200");
    const chat = await streamChat(context, {
      requestId: "c",
      plan: "pro",
      region: US,
      model: "deepseek-chat",
      messages: question,
    });
    const reader = chat.events.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel("user left");
    expect(await eventually(async () => (await statsFor(label)).aborted === 1)).toBe(true);
  });

  it("aborting the request signal ends the chat stream as cancelled and aborts upstream", async () => {
    const { label, context } = deepseekWith("tps=20,tokens=200");
    const abort = new AbortController();
    const chat = await streamChat(context, {
      requestId: "c",
      plan: "pro",
      region: US,
      model: "deepseek-chat",
      messages: question,
      signal: abort.signal,
    });
    const reader = chat.events.getReader();
    await reader.read();
    abort.abort();
    const rest = await collect(
      new ReadableStream({
        pull: async (c) => {
          const r = await reader.read();
          if (r.done) c.close();
          else c.enqueue(r.value);
        },
      }),
    );
    expect(rest.at(-1)).toEqual({ type: "finish", reason: "cancelled" });
    expect(await eventually(async () => (await statsFor(label)).aborted === 1)).toBe(true);
  });

  for (const [path, engine, clientWantsUsage] of [
    ["runtime pipe, DeepSeek", null, false],
    ["runtime pipe, SGLang", "sglang", true],
    ["JavaScript pump, vLLM", "vllm", false],
  ] as const) {
    it(`cancelling the /v1 body aborts the provider's request and reports it cancelled (${path})`, async () => {
      const { label, context } = engine
        ? selfHostedOnly(engine, "tps=20,tokens=200")
        : deepseekWith("tps=20,tokens=200");
      const response = await proxyChatCompletion(context, {
        requestId: "c",
        plan: engine ? "free" : "partner",
        region: US,
        model: "deepseek-chat",
        body: { messages: question, stream: true },
        stream: true,
        clientWantsUsage,
      });
      const reader = response.body.getReader();
      await reader.read();
      await reader.cancel();
      expect((await response.done).status).toBe("cancelled");
      expect(await eventually(async () => (await statsFor(label)).aborted === 1)).toBe(true);
    });
  }

  it("aborting before the first token aborts the upstream attempt too", async () => {
    const { label, context } = deepseekWith("ttft=2000");
    const abort = new AbortController();
    const chat = streamChat(context, {
      requestId: "c",
      plan: "pro",
      region: US,
      model: "deepseek-chat",
      messages: question,
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 100);
    await expect(chat).rejects.toBeDefined();
    expect(await eventually(async () => (await statsFor(label)).aborted === 1)).toBe(true);
  });
});
