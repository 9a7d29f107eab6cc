import { describe, expect, it } from "vitest";
import { proxyChatCompletion, streamChat } from "../../../src/inference/index.ts";
import { passesUnchanged } from "../../../src/inference/passthrough/proxy-stream.ts";
import type { Engine, RouteTarget } from "../../../src/inference/types.ts";
import { collect, openAiDeltas, selfHostedOnly, textOf, US } from "../../kit/worker/inference.ts";

const target = (provider: RouteTarget["provider"], engine: Engine): RouteTarget => ({
  id: "t",
  provider,
  model: "m",
  publicModel: "deepseek-chat",
  substituteFor: null,
  engine,
  region: "eu",
  probing: false,
});

/** A streamed /v1 chat request to one self-hosted server speaking `engine`, thinking on. */
async function streamFrom(engine: "sglang" | "vllm", clientWantsUsage: boolean) {
  const { context } = selfHostedOnly(engine);
  const response = await proxyChatCompletion(context, {
    requestId: `self-hosted-${engine}`,
    plan: "free",
    region: US,
    model: "deepseek-reasoner",
    body: {
      messages: [{ role: "user", content: "hello" }],
      stream: true,
      ...(clientWantsUsage ? { stream_options: { include_usage: true } } : {}),
    },
    stream: true,
    clientWantsUsage,
  });
  const text = await new Response(response.body).text();
  const chunks = text
    .split("\n\n")
    .filter((event) => event.startsWith("data: {"))
    .map((event) => JSON.parse(event.slice(6)) as { choices: unknown[]; usage?: unknown });
  return { text, chunks, outcome: await response.done };
}

describe("self-hosted /v1 streams: the runtime's pipe when no byte must change", () => {
  it("bypasses JavaScript only for streams that are already what the client must get", () => {
    const asked = { clientWantsUsage: true };
    const notAsked = { clientWantsUsage: false };
    // DeepSeek: always (usage rides on its finish chunk; its Messages and Responses streams are the client's).
    for (const request of [asked, notAsked])
      expect(passesUnchanged(target("deepseek", "deepseek"), request)).toBe(true);
    // Servers that say `reasoning_content`, to a chat client that asked for the usage-only chunk they send.
    for (const engine of ["sglang", "llama.cpp"] as const) {
      expect(passesUnchanged(target("self-hosted", engine), asked)).toBe(true);
      expect(passesUnchanged(target("self-hosted", engine), notAsked)).toBe(false);
    }
    // `reasoning` must be renamed (vLLM ≥ 0.17, Ollama; an unknown server may say either).
    for (const engine of ["vllm", "ollama", "openai"] as const) {
      expect(passesUnchanged(target("self-hosted", engine), asked)).toBe(false);
    }
    // A Messages or Responses client gets a translated stream from any server but DeepSeek.
    const nativeDialect = { ...asked, native: {} as never };
    expect(passesUnchanged(target("self-hosted", "sglang"), nativeDialect)).toBe(false);
    expect(passesUnchanged(target("workers-ai", "workers-ai"), asked)).toBe(false);
  });

  it("passes SGLang's stream through as it is when the client asked for usage, metered exactly", async () => {
    const { text, chunks, outcome } = await streamFrom("sglang", true);
    const deltas = openAiDeltas(text);
    expect(deltas.reasoning).toMatch(/^Thinking about the question/);
    expect(deltas.content).toContain("You said: hello");
    // SGLang's own usage-only chunk, the one the client asked for, right before [DONE].
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 70 } });
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(outcome).toMatchObject({ status: "complete", estimated: false, finishReason: "stop", error: null });
    expect(outcome.usage).toMatchObject({ completionTokens: 70, reasoningTokens: 0 });
  });

  it("still removes the usage-only chunk a client did not ask for, and renames vLLM's `reasoning`", async () => {
    const sglang = await streamFrom("sglang", false);
    expect(sglang.chunks.some((chunk) => "usage" in chunk)).toBe(false);
    expect(sglang.outcome.usage?.completionTokens).toBe(70);
    const vllm = await streamFrom("vllm", true);
    expect(vllm.text).not.toContain('"reasoning":');
    expect(openAiDeltas(vllm.text).reasoning).toMatch(/^Thinking about the question/);
    expect(vllm.chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 70 } });
    expect(vllm.outcome).toMatchObject({ status: "complete", estimated: false });
  });

  it("gives the chat site vLLM's reasoning as it thinks (read under either name, with no rewrite pass)", async () => {
    const { context } = selfHostedOnly("vllm");
    const chat = await streamChat(context, {
      requestId: "site-vllm",
      plan: "free",
      region: US,
      model: "deepseek-reasoner",
      messages: [{ role: "user", content: "hello" }],
    });
    const events = await collect(chat.events);
    const { reasoning, text } = textOf(events);
    expect(reasoning).toMatch(/^Thinking about the question/);
    expect(text).toContain("You said: hello");
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });
  });
});
