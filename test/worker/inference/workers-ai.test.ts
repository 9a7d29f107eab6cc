import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { proxyChatCompletion, streamChat } from "../../../src/inference/index.ts";
import { collect, configWith, contextFor, DE, openAiDeltas, textOf, US } from "../../kit/worker/inference.ts";

const hello = [{ role: "user" as const, content: "hello" }];

describe("Workers AI", () => {
  it("sends DeepSeek V4 the thinking switch in its own dialect and streams its reasoning and answer", async () => {
    const context = contextFor(configWith({ GPU_POOL: "[]" }), env.WORKERS_AI_DOUBLE);
    const chat = await streamChat(context, {
      requestId: "w",
      plan: "free",
      region: DE,
      model: "deepseek-reasoner",
      messages: hello,
    });
    expect(chat.served).toMatchObject({ provider: "workers-ai", model: "@cf/deepseek-ai/deepseek-v4-flash-0731" });
    const events = await collect(chat.events);
    expect(textOf(events)).toEqual({
      reasoning: "Thinking. step 1. step 2. step 3.",
      text: "Hello from DeepSeek V4 on Workers AI.",
    });
    const call = await env.WORKERS_AI_DOUBLE.lastInputs();
    expect(call?.inputs).toMatchObject({ reasoning_effort: "high", stream: true, messages: hello });
    expect(call?.inputs).not.toHaveProperty("thinking");
    expect(events.find((event) => event.type === "usage")).toMatchObject({
      usage: { promptTokens: 10, reasoningTokens: 4 },
    });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });

    const quick = await streamChat(context, {
      requestId: "w",
      plan: "free",
      region: DE,
      model: "deepseek-chat",
      messages: hello,
    });
    expect(textOf(await collect(quick.events)).reasoning).toBe("");
    expect((await env.WORKERS_AI_DOUBLE.lastInputs())?.inputs).toMatchObject({ reasoning_effort: "none" });
  });

  it("turns an older model's inline reasoning (opening tag missing, tags split) into reasoning deltas", async () => {
    const distill = {
      models: { "deepseek-flash": { providers: { "workers-ai": "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b" } } },
    };
    const context = contextFor(configWith({ GPU_POOL: "[]" }, distill), env.WORKERS_AI_DOUBLE);
    const chat = await streamChat(context, {
      requestId: "w",
      plan: "free",
      region: DE,
      model: "deepseek-flash",
      messages: hello,
    });
    const events = await collect(chat.events);
    expect(textOf(events)).toEqual({ reasoning: "Okay, the user says hello. ", text: "Hello from Workers AI." });
    expect(events.find((event) => event.type === "usage")).toMatchObject({
      usage: { promptTokens: 10, completionTokens: 12 },
    });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });
  });

  it("answers /v1 with reasoning_content even where Workers AI calls it `reasoning`, streamed or not", async () => {
    const context = contextFor(configWith({ GPU_POOL: "[]" }), env.WORKERS_AI_DOUBLE);
    const request = { requestId: "w", plan: "pro", region: DE, model: "deepseek-v4-pro", clientWantsUsage: true };
    const streamed = await proxyChatCompletion(context, {
      ...request,
      body: { messages: hello, stream: true },
      stream: true,
    });
    expect(streamed.served.model).toBe("@cf/deepseek-ai/deepseek-v4-pro-0813");
    const text = await new Response(streamed.body).text();
    expect(text).not.toContain('"reasoning":');
    expect(openAiDeltas(text)).toEqual({
      reasoning: "Thinking. step 1. step 2. step 3.",
      content: "Hello from DeepSeek V4 on Workers AI.",
    });
    expect(await streamed.done).toMatchObject({
      status: "complete",
      finishReason: "stop",
      usage: { promptTokens: 10 },
    });
    const whole = await proxyChatCompletion(context, { ...request, body: { messages: hello }, stream: false });
    const completion = await new Response(whole.body).json<{ choices: Array<{ message: Record<string, string> }> }>();
    expect(completion.choices[0]?.message).toEqual({
      role: "assistant",
      content: "Hello from DeepSeek V4 on Workers AI.",
      refusal: null,
      reasoning_content: "Thinking. step 1. step 2. step 3.",
    });
  });

  it("a Workers AI stream that breaks before [DONE] ends as interrupted, never as a complete answer", async () => {
    const context = contextFor(configWith({ GPU_POOL: "[]" }), env.WORKERS_AI_DOUBLE);
    const cut = [{ role: "user" as const, content: "hello [[ai-cut]]" }];
    const chat = await streamChat(context, {
      requestId: "w",
      plan: "free",
      region: DE,
      model: "deepseek-chat",
      messages: cut,
    });
    const events = await collect(chat.events);
    expect(textOf(events).text).toBe("Hello from");
    expect(events.at(-1)).toMatchObject({ type: "error" });
    expect(events.some((event) => event.type === "finish")).toBe(false);
    const streamed = await proxyChatCompletion(context, {
      requestId: "w",
      plan: "free",
      region: DE,
      model: "deepseek-chat",
      clientWantsUsage: false,
      body: { messages: cut, stream: true },
      stream: true,
    });
    const text = await new Response(streamed.body).text();
    expect(text).toContain('"finish_reason":"error"');
    expect(await streamed.done).toMatchObject({ status: "error" });
  });

  it("a binding that throws, or no binding at all, is just an unavailable provider", async () => {
    const faulty = contextFor(configWith({ GPU_POOL: "[]" }), env.WORKERS_AI_DOUBLE);
    const failing = [{ role: "user" as const, content: "[[ai-fault]]" }];
    await expect(
      streamChat(faulty, { requestId: "w", plan: "free", region: DE, model: "deepseek-chat", messages: failing }),
    ).rejects.toMatchObject({ status: 503, code: "provider_unavailable" });
    const unbound = contextFor(configWith({ GPU_POOL: "[]" }));
    await expect(
      streamChat(unbound, { requestId: "w", plan: "free", region: DE, model: "deepseek-chat", messages: hello }),
    ).rejects.toMatchObject({ status: 503, message: expect.stringContaining("Workers AI is not bound") });
  });

  it("is skipped for a US pro request while DeepSeek is healthy (DeepSeek comes first)", async () => {
    const context = contextFor(configWith({}), env.WORKERS_AI_DOUBLE);
    const chat = await streamChat(context, {
      requestId: "w",
      plan: "pro",
      region: US,
      model: "deepseek-chat",
      messages: hello,
    });
    expect(chat.served.provider).toBe("deepseek");
    await collect(chat.events);
  });
});
