import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { proxyChatCompletion, streamChat } from "../../../src/inference/index.ts";
import { collect, configWith, contextFor, DE, openAiDeltas, textOf, US } from "./helpers.ts";

const hello = [{ role: "user" as const, content: "hello" }];

describe("Workers AI", () => {
  it("turns an R1 distill's inline reasoning (opening tag missing, tags split) into reasoning deltas", async () => {
    const context = contextFor(configWith({ GPU_POOL: "[]" }), env.WORKERS_AI_DOUBLE);
    const chat = await streamChat(context, {
      requestId: "w",
      plan: "free",
      region: DE,
      model: "deepseek-reasoner",
      messages: hello,
    });
    expect(chat.served).toMatchObject({
      provider: "workers-ai",
      model: "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b",
    });
    const events = await collect(chat.events);
    expect(textOf(events)).toEqual({ reasoning: "Okay, the user says hello. ", text: "Hello from Workers AI." });
    expect(events.find((event) => event.type === "usage")).toMatchObject({
      usage: { promptTokens: 10, completionTokens: 12 },
    });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });
  });

  it("answers /v1 in OpenAI format with reasoning_content, streamed or not", async () => {
    const context = contextFor(configWith({ GPU_POOL: "[]" }), env.WORKERS_AI_DOUBLE);
    const request = { requestId: "w", plan: "free", region: DE, model: "deepseek-reasoner", clientWantsUsage: true };
    const streamed = await proxyChatCompletion(context, {
      ...request,
      body: { messages: hello, stream: true },
      stream: true,
    });
    const text = await new Response(streamed.body).text();
    expect(openAiDeltas(text)).toEqual({ reasoning: "Okay, the user says hello. ", content: "Hello from Workers AI." });
    expect(await streamed.done).toMatchObject({ status: "complete", usage: { promptTokens: 10 } });
    const whole = await proxyChatCompletion(context, { ...request, body: { messages: hello }, stream: false });
    const completion = await new Response(whole.body).json<{ choices: Array<{ message: Record<string, string> }> }>();
    expect(completion.choices[0]?.message).toMatchObject({
      content: "Hello from Workers AI.",
      reasoning_content: "Okay, the user says hello. ",
    });
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
