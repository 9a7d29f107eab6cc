// Conformance with DeepSeek's API as documented today (https://api-docs.deepseek.com): written once, run against
// the simulator in `npm test` and against api.deepseek.com by `npm run test:live` when DEEPSEEK_API_KEY is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deepSeekTargets } from "./targets.ts";
import { CALL_WEATHER, complete, completeStreamed, postChat, WEATHER_TOOL, type WireMessage } from "./wire.ts";

const hi = [{ role: "user", content: "Say hello in five words." }];
const DISABLED = { type: "disabled" };

describe.each(deepSeekTargets())("DeepSeek conformance: $name", (target) => {
  beforeAll(() => target.start());
  afterAll(() => target.stop());

  it("serves deepseek-flash and deepseek-v4-pro and lists them", async () => {
    for (const model of ["deepseek-flash", "deepseek-v4-pro"]) {
      const answer = await complete(target, { model, messages: hi, thinking: DISABLED, max_tokens: 20 });
      expect(answer.choices[0]?.message.role).toBe("assistant");
    }
    const response = await fetch(`${target.baseUrl()}/models`, {
      headers: { authorization: `Bearer ${target.apiKey}` },
    });
    const ids = ((await response.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["deepseek-flash", "deepseek-v4-pro"]));
  });

  it("answers the retired names with 400 Model Not Exist", async () => {
    for (const model of ["deepseek-chat", "deepseek-reasoner"]) {
      const { status, body } = await postChat(target, { model, messages: hi });
      expect(status).toBe(400);
      expect(body).toEqual({
        error: {
          message: "Model Not Exist",
          type: "invalid_request_error",
          param: null,
          code: "invalid_request_error",
        },
      });
    }
  });

  it("thinks by default (reasoning_content) and not with thinking disabled", async () => {
    const on = await complete(target, { messages: hi });
    expect(typeof on.choices[0]?.message.reasoning_content).toBe("string");
    expect(String(on.choices[0]?.message.reasoning_content ?? "").length).toBeGreaterThan(0);
    const off = await complete(target, { messages: hi, thinking: DISABLED });
    expect(off.choices[0]?.message.reasoning_content ?? null).toBeNull();
  });

  it("accepts every documented reasoning_effort", async () => {
    for (const effort of ["low", "high", "max", "minimal", "medium", "xhigh", "ultra"]) {
      const answer = await complete(target, { messages: hi, reasoning_effort: effort, max_tokens: 4000 });
      expect(typeof answer.choices[0]?.message.reasoning_content, effort).toBe("string");
    }
  });

  it("a tool call round trip in thinking mode, with the reasoning passed back", async () => {
    const ask = [{ role: "user", content: CALL_WEATHER }];
    const first = await complete(target, { messages: ask, tools: [WEATHER_TOOL] });
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    const assistant = first.choices[0]?.message as WireMessage;
    const call = assistant.tool_calls?.[0];
    expect(call?.function.name).toBe("get_weather");
    expect(JSON.parse(call?.function.arguments ?? "")).toMatchObject({ city: expect.any(String) });
    const result = { role: "tool", tool_call_id: call?.id, content: '{"condition": "sunny", "celsius": 21}' };
    const second = await complete(target, { messages: [...ask, assistant, result], tools: [WEATHER_TOOL] });
    expect(second.choices[0]?.finish_reason).toBe("stop");
    expect(second.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it("answers 400 when a tool-call turn comes back without its reasoning_content", async () => {
    const ask = [{ role: "user", content: CALL_WEATHER }];
    const first = await complete(target, { messages: ask, tools: [WEATHER_TOOL] });
    const { reasoning_content: _dropped, ...assistant } = first.choices[0]?.message ?? {
      role: "assistant",
      content: "",
    };
    const call = (assistant as WireMessage).tool_calls?.[0];
    const result = { role: "tool", tool_call_id: call?.id, content: "sunny" };
    const { status, body } = await postChat(target, {
      model: target.model,
      messages: [...ask, assistant, result],
      tools: [WEATHER_TOOL],
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: {
        message: "The `reasoning_content` in the thinking mode must be passed back to the API.",
        type: "invalid_request_error",
      },
    });
  });

  it("JSON mode returns valid JSON", async () => {
    const messages = [
      { role: "system", content: 'Reply in json, e.g. {"greeting": "hello"}.' },
      { role: "user", content: "Greet me in json." },
    ];
    const answer = await complete(target, {
      messages,
      thinking: DISABLED,
      response_format: { type: "json_object" },
      max_tokens: 200,
    });
    expect(() => JSON.parse(answer.choices[0]?.message.content ?? "")).not.toThrow();
  });

  it("reports DeepSeek's usage fields, consistent with each other", async () => {
    const answer = await complete(target, { messages: hi });
    const usage = answer.usage as unknown as {
      prompt_tokens: number;
      completion_tokens: number;
      total_tokens: number;
      prompt_cache_hit_tokens: number;
      prompt_cache_miss_tokens: number;
      prompt_tokens_details: { cached_tokens: number };
      completion_tokens_details: { reasoning_tokens: number };
    };
    expect(usage.prompt_cache_hit_tokens + usage.prompt_cache_miss_tokens).toBe(usage.prompt_tokens);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.prompt_tokens_details.cached_tokens).toBe(usage.prompt_cache_hit_tokens);
    expect(usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens_details.reasoning_tokens).toBeLessThan(usage.completion_tokens);
  });

  // https://api-docs.deepseek.com/api/create-chat-completion (stream_options): the last chunk carries the usage
  // either way, on the choice with the finish reason; no usage-only chunk. The gateway's cheap pass-through of
  // streams that did not ask for usage relies on this (docs/inference.md).
  it("streams the usage on its last chunk, with the finish reason, with or without include_usage", async () => {
    const without = await completeStreamed(target, { messages: hi, thinking: DISABLED, max_tokens: 20 });
    expect(without.done).toBe(true);
    expect(without.chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
    expect(without.chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: expect.any(Number) });
    const withUsage = await completeStreamed(target, {
      messages: hi,
      thinking: DISABLED,
      max_tokens: 20,
      stream_options: { include_usage: true },
    });
    expect(withUsage.chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
    const last = withUsage.chunks.at(-1);
    expect(last?.choices[0]?.finish_reason).not.toBeNull();
    expect(last?.usage).toMatchObject({
      prompt_tokens: expect.any(Number),
      prompt_cache_hit_tokens: expect.any(Number),
    });
  });
});
