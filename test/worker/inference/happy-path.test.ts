import { describe, expect, it } from "vitest";
import { proxyChatCompletion, servedHeaders, streamChat } from "../../../src/inference/index.ts";
import { upstreamBody } from "../../../src/inference/providers/open-upstream.ts";
import {
  collect,
  configWith,
  contextFor,
  gpu,
  openAiDeltas,
  simulator,
  statsFor,
  textOf,
  US,
  uniqueLabel,
} from "../../kit/worker/inference.ts";

describe("answering through the simulator", () => {
  it("streams a reasoning model's thoughts and answer, then usage and one finish", async () => {
    const label = uniqueLabel("deepseek");
    const context = contextFor(configWith({ DEEPSEEK_BASE_URL: simulator(label), GPU_POOL: "[]" }));
    const chat = await streamChat(context, {
      requestId: "r1",
      plan: "pro",
      region: US,
      model: "deepseek-reasoner",
      messages: [{ role: "user", content: "Why is the sky blue?" }],
    });
    expect(chat.served).toMatchObject({ provider: "deepseek", model: "deepseek-flash", simulated: true });
    const events = await collect(chat.events);
    expect(events[0]).toEqual({ type: "served", served: chat.served });
    const { text, reasoning } = textOf(events);
    expect(reasoning).toContain("Thinking about the question");
    expect(text).toContain("You said: Why is the sky blue?");
    const usage = events.find((event) => event.type === "usage");
    expect(usage).toMatchObject({ estimated: false, usage: { reasoningTokens: 30 } });
    expect(events.filter((event) => event.type === "finish" || event.type === "error")).toEqual([
      { type: "finish", reason: "stop" },
    ]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });
    expect((await statsFor(label)).requests).toBe(1);
  });

  it("passes OpenAI SSE through for /v1, asks for usage upstream and strips it when the client did not", async () => {
    const label = uniqueLabel("gpu");
    const context = contextFor(configWith({ GPU_POOL: JSON.stringify([gpu("gpu-happy", simulator(label))]) }));
    const response = await proxyChatCompletion(context, {
      requestId: "r2",
      plan: "free",
      region: US,
      model: "deepseek-chat",
      body: { messages: [{ role: "user", content: "hello" }], stream: true },
      stream: true,
      clientWantsUsage: false,
    });
    expect(servedHeaders(response.served)).toMatchObject({
      "x-edgechat-provider": "self-hosted",
      "x-edgechat-model": "deepseek-flash",
      "x-edgechat-region": "eu",
    });
    const text = await new Response(response.body).text();
    expect(text).toContain('"content":"You ');
    expect(text).not.toContain('"usage"');
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const outcome = await response.done;
    expect(outcome).toMatchObject({ status: "complete", estimated: false, finishReason: "stop", error: null });
    expect(outcome.usage?.completionTokens).toBe(40);
  });

  it("passes DeepSeek's bytes through untouched, keep-alive comments included, when the client asked for usage", async () => {
    const context = contextFor(
      configWith({ DEEPSEEK_BASE_URL: simulator(uniqueLabel("keepalive"), "fault=keepalive"), GPU_POOL: "[]" }),
    );
    const response = await proxyChatCompletion(context, {
      requestId: "r5",
      plan: "partner",
      region: US,
      model: "deepseek-reasoner",
      body: { messages: [{ role: "user", content: "hello" }], stream: true },
      stream: true,
      clientWantsUsage: true,
    });
    const text = await new Response(response.body).text();
    expect(text.startsWith(": keep-alive")).toBe(true);
    expect(text).toContain('"usage":{');
    expect(openAiDeltas(text).reasoning).toContain("Thinking");
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(await response.done).toMatchObject({ status: "complete", estimated: false, finishReason: "stop" });
  });

  it("delivers a /v1 stream whole when the upstream splits events across writes (the runtime reads it)", async () => {
    const context = contextFor(
      configWith({ DEEPSEEK_BASE_URL: simulator(uniqueLabel("split"), "fault=split"), GPU_POOL: "[]" }),
    );
    const response = await proxyChatCompletion(context, {
      requestId: "r4",
      plan: "partner",
      region: US,
      model: "deepseek-chat",
      body: { messages: [{ role: "user", content: "hello" }], stream: true },
      stream: true,
      clientWantsUsage: false,
    });
    // Response.arrayBuffer() drains the body natively, as workerd does when it sends a response.
    const bytes = await new Response(response.body).arrayBuffer();
    const text = new TextDecoder().decode(bytes);
    expect(openAiDeltas(text).content).toContain("Déjà vu 🙂");
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect((await response.done).status).toBe("complete");
  });

  it("answers a non-streamed /v1 request with the chat.completion JSON and its usage", async () => {
    const label = uniqueLabel("deepseek");
    const context = contextFor(configWith({ DEEPSEEK_BASE_URL: simulator(label), GPU_POOL: "[]" }));
    const response = await proxyChatCompletion(context, {
      requestId: "r3",
      plan: "partner",
      region: US,
      model: "deepseek-reasoner",
      body: { messages: [{ role: "user", content: "hello" }] },
      stream: false,
      clientWantsUsage: true,
    });
    const completion = await new Response(response.body).json<{
      choices: Array<{ message: { content: string; reasoning_content: string } }>;
    }>();
    expect(completion.choices[0]?.message.reasoning_content).toContain("Thinking");
    expect(completion.choices[0]?.message.content).toContain("You said: hello");
    expect(await response.done).toMatchObject({ status: "complete", finishReason: "stop", estimated: false });
  });
});

describe("the body sent upstream", () => {
  it("names the target's model, always asks for usage when streaming, and sends no reasoning back without tool calls", () => {
    const body = upstreamBody({
      target: {
        id: "gpu",
        provider: "self-hosted",
        model: "deepseek-ai/DeepSeek-V4.1-Flash",
        publicModel: "deepseek-flash",
        substituteFor: null,
        engine: "vllm",
        region: "eu",
        probing: false,
      },
      stream: true,
      thinking: { enabled: true, effort: null },
      body: {
        model: "deepseek-reasoner",
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: "hello", reasoning_content: "they greeted me" },
          { role: "user", content: "again" },
        ],
        stream_options: { include_usage: false },
      },
    });
    expect(JSON.parse(body)).toEqual({
      model: "deepseek-ai/DeepSeek-V4.1-Flash",
      stream: true,
      stream_options: { include_usage: true },
      chat_template_kwargs: { thinking: true, enable_thinking: true },
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: "hello" },
        { role: "user", content: "again" },
      ],
    });
  });
});
