import { describe, expect, it } from "vitest";
import { chatBody, contentOf, ENABLED, postChat, readStream, reasoningOf, useSimulator } from "../kit/simulator.ts";

const sim = useSimulator();

describe("streaming chat completions", () => {
  it("streams DeepSeek-shaped chunks that end with [DONE]", async () => {
    const res = await postChat(sim().url, chatBody("hello simulator", { stream: true }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("x-edgechat-simulator")).toBe("1");
    const stream = await readStream(res);
    expect(stream.done).toBe(true);
    expect(stream.invalid).toEqual([]);
    // 40 tokens, then DeepSeek's closing chunk: no new content, the finish reason and the usage.
    expect(stream.chunks).toHaveLength(41);
    expect(stream.chunks.at(-1)?.choices[0]?.delta).toEqual({ content: "" });
    const [first] = stream.chunks;
    expect(first).toMatchObject({
      object: "chat.completion.chunk",
      model: "deepseek-flash",
      system_fingerprint: "fp_sim",
      choices: [{ index: 0, delta: { role: "assistant" }, logprobs: null, finish_reason: null }],
    });
    expect(first?.id).toMatch(/^chatcmpl-/);
    expect(new Set(stream.chunks.map((c) => c.id)).size).toBe(1);
    expect(stream.chunks.slice(1).every((c) => c.choices[0]?.delta.role === undefined)).toBe(true);
    expect(stream.chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(stream.chunks.slice(0, -1).every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
  });

  it("sends one word plus a trailing space per token and says it is the simulator", async () => {
    const stream = await readStream(await postChat(sim().url, chatBody("tell me a story", { stream: true })));
    const tokens = stream.chunks.slice(0, -1).map((c) => c.choices[0]?.delta.content);
    expect(tokens.every((t) => typeof t === "string" && /^\S+ $/.test(t))).toBe(true);
    const text = contentOf(stream);
    expect(text.startsWith("This is the edgechat simulator, not a real model.")).toBe(true);
    expect(text).toContain("tell me a story");
  });

  it("answers the same prompt with the same text", async () => {
    const a = contentOf(await readStream(await postChat(sim().url, chatBody("same words", { stream: true }))));
    const b = contentOf(await readStream(await postChat(sim().url, chatBody("same words", { stream: true }))));
    expect(a).toBe(b);
  });

  it("with thinking disabled it streams content only", async () => {
    const stream = await readStream(await postChat(sim().url, chatBody("hi", { stream: true })));
    expect(stream.chunks.every((c) => !("reasoning_content" in (c.choices[0]?.delta ?? {})))).toBe(true);
  });

  it("a thinking request streams its reasoning before its answer", async () => {
    const body = chatBody("why is the sky blue", { thinking: ENABLED, stream: true });
    const stream = await readStream(await postChat(sim().url, body));
    const kinds = stream.chunks
      .slice(0, -1)
      .map((c) => (c.choices[0]?.delta.reasoning_content ? "reasoning" : "content"));
    expect(kinds.filter((k) => k === "reasoning")).toHaveLength(30);
    expect(kinds.filter((k) => k === "content")).toHaveLength(40);
    expect(kinds.lastIndexOf("reasoning")).toBeLessThan(kinds.indexOf("content"));
    expect(stream.chunks[0]?.choices[0]?.delta).toEqual({
      role: "assistant",
      content: null,
      reasoning_content: "Thinking ",
    });
    expect(reasoningOf(stream).startsWith("Thinking about the question step by step")).toBe(true);
    expect(stream.chunks[30]?.choices[0]?.delta).toEqual({ content: "This ", reasoning_content: null });
  });

  it("thinks by default, as DeepSeek does, and echoes the model name", async () => {
    const body = { model: "deepseek-v4-pro", messages: [{ role: "user", content: "hi" }], stream: true };
    const stream = await readStream(await postChat(sim().url, body));
    expect(reasoningOf(stream).length).toBeGreaterThan(0);
    expect(stream.chunks[0]?.model).toBe("deepseek-v4-pro");
  });

  it("puts the usage on the last chunk, with its finish reason, whether or not include_usage is set", async () => {
    // https://api-docs.deepseek.com/api/create-chat-completion (stream_options): no usage-only chunk; with
    // include_usage every other chunk carries `usage: null`, without it they carry no usage field.
    const without = await readStream(await postChat(sim().url, chatBody("hi", { thinking: ENABLED, stream: true })));
    expect(without.chunks.slice(0, -1).some((c) => "usage" in c)).toBe(false);
    expect(without.chunks.every((c) => c.choices.length === 1)).toBe(true);

    const body = chatBody("hi", { thinking: ENABLED, stream: true, stream_options: { include_usage: true } });
    const withUsage = await readStream(await postChat(sim().url, body));
    expect(withUsage.chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    const last = withUsage.chunks.at(-1);
    expect(last?.choices).toEqual([
      { index: 0, delta: { content: "", reasoning_content: null }, logprobs: null, finish_reason: "stop" },
    ]);
    expect(without.chunks.at(-1)?.usage).toEqual(last?.usage);
    expect(last?.usage).toEqual({
      prompt_tokens: expect.any(Number),
      completion_tokens: 70,
      total_tokens: (last?.usage?.prompt_tokens ?? 0) + 70,
      prompt_tokens_details: { cached_tokens: 0 },
      prompt_cache_hit_tokens: 0,
      prompt_cache_miss_tokens: last?.usage?.prompt_tokens,
      completion_tokens_details: { reasoning_tokens: 30 },
    });
    expect(withUsage.done).toBe(true);
  });

  it("counts earlier messages of a multi-turn prompt as cache hits", async () => {
    const body = {
      model: "deepseek-flash",
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "first question" },
        { role: "assistant", content: "first answer" },
        { role: "user", content: "second question" },
      ],
    };
    const usage = (await readStream(await postChat(sim().url, body))).chunks.at(-1)?.usage;
    expect(usage?.prompt_cache_hit_tokens).toBeGreaterThan(0);
    expect((usage?.prompt_cache_hit_tokens ?? 0) + (usage?.prompt_cache_miss_tokens ?? 0)).toBe(usage?.prompt_tokens);
    expect(usage?.prompt_tokens_details?.cached_tokens).toBe(usage?.prompt_cache_hit_tokens);
  });

  it("reports identical usage for the same body streamed and not streamed", async () => {
    const messages = [
      { role: "user", content: "one" },
      { role: "assistant", content: "two" },
      { role: "user", content: [{ type: "text", text: "three, as parts" }] },
    ];
    const base = { model: "deepseek-flash", thinking: ENABLED, messages, max_tokens: 25 };
    const streamed = await readStream(
      await postChat(sim().url, { ...base, stream: true, stream_options: { include_usage: true } }),
    );
    const plain = (await (await postChat(sim().url, base)).json()) as { usage: unknown };
    expect(streamed.chunks.at(-1)?.usage).toEqual(plain.usage);
  });

  it('stops at max_tokens with finish_reason "length"', async () => {
    const body = chatBody("hi", { stream: true, max_tokens: 7, stream_options: { include_usage: true } });
    const stream = await readStream(await postChat(sim().url, body));
    const content = stream.chunks.filter((c) => c.choices[0]?.delta.content);
    expect(content).toHaveLength(7);
    expect(stream.chunks.at(-1)?.choices[0]?.finish_reason).toBe("length");
    expect(stream.chunks.at(-1)?.usage?.completion_tokens).toBe(7);
  });

  it("also honours max_completion_tokens", async () => {
    const body = chatBody("hi", { stream: true, max_completion_tokens: 3 });
    const stream = await readStream(await postChat(sim().url, body));
    expect(stream.chunks).toHaveLength(4);
    expect(stream.chunks.at(-1)?.choices[0]?.finish_reason).toBe("length");
  });

  it("paces tokens with ttft and tps", async () => {
    const started = performance.now();
    const res = await postChat(`${sim().url}/ttft=60,tps=100,tokens=5`, chatBody("hi", { stream: true }));
    const stream = await readStream(res);
    const elapsed = performance.now() - started;
    expect(stream.chunks).toHaveLength(6);
    expect(elapsed).toBeGreaterThanOrEqual(95);
  });
});
