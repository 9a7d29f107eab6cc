import { describe, expect, it } from "vitest";
import { startSimulator } from "../../simulator/server.ts";
import {
  chatBody,
  contentOf,
  DISABLED,
  ENABLED,
  postChat,
  readStream,
  reasoningOf,
  useSimulator,
} from "../kit/simulator.ts";

const sim = useSimulator();

const modelNotExist = {
  error: { message: "Model Not Exist", type: "invalid_request_error", param: null, code: "invalid_request_error" },
};

const weather = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city", "unit"],
    },
  },
};

type Message = { role: string; content: string; reasoning_content?: string; tool_calls?: ToolCall[] };
type ToolCall = { id: string; type: string; function: { name: string; arguments: string } };
type Completion = { choices: Array<{ message: Message; finish_reason: string }>; usage: Record<string, unknown> };

async function completion(body: Record<string, unknown>, base = sim().url): Promise<Completion> {
  const res = await postChat(base, body);
  expect(res.status).toBe(200);
  return (await res.json()) as Completion;
}

async function rejection(body: Record<string, unknown>, base = sim().url): Promise<{ status: number; body: unknown }> {
  const res = await postChat(base, body);
  return { status: res.status, body: await res.json() };
}

describe("DeepSeek's model names today", () => {
  it("serves deepseek-flash, deepseek-v4-pro and the legacy deepseek-v4-flash", async () => {
    for (const model of ["deepseek-flash", "deepseek-v4-pro", "deepseek-v4-flash"]) {
      const answer = await completion(chatBody("hi", { model }));
      expect(answer.choices[0]?.finish_reason).toBe("stop");
    }
  });

  it("answers the retired names and any unknown name with DeepSeek's exact 400", async () => {
    for (const model of ["deepseek-chat", "deepseek-reasoner", "gpt-4o", "constructor"]) {
      expect(await rejection(chatBody("hi", { model }))).toEqual({ status: 400, body: modelNotExist });
    }
    expect(await rejection({ messages: [{ role: "user", content: "hi" }] })).toEqual({
      status: 400,
      body: modelNotExist,
    });
  });

  it("accepts the retired names only behind the legacy opt-in, with their old thinking defaults", async () => {
    const chat = { model: "deepseek-chat", messages: [{ role: "user", content: "hi" }] };
    const reasoner = { ...chat, model: "deepseek-reasoner" };
    const viaPath = `${sim().url}/legacy=1`;
    expect((await completion(chat, viaPath)).choices[0]?.message.reasoning_content).toBeUndefined();
    expect((await completion(reasoner, viaPath)).choices[0]?.message.reasoning_content).toMatch(/^Thinking/);
    const models = (await (await fetch(`${viaPath}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((m) => m.id)).toEqual([
      "deepseek-flash",
      "deepseek-v4-pro",
      "deepseek-chat",
      "deepseek-reasoner",
    ]);

    const legacy = await startSimulator({ quiet: true, legacyModels: true });
    try {
      expect((await completion(reasoner, legacy.url)).choices[0]?.message.reasoning_content).toMatch(/^Thinking/);
      expect(await rejection(chat, `${legacy.url}/legacy=0`)).toEqual({ status: 400, body: modelNotExist });
    } finally {
      await legacy.close();
    }
  });
});

describe("thinking mode", () => {
  const hi = [{ role: "user", content: "hi" }];

  it("is on by default and off with thinking.type disabled (no reasoning_content at all)", async () => {
    const on = await completion({ model: "deepseek-flash", messages: hi });
    expect(on.choices[0]?.message.reasoning_content).toMatch(/^Thinking about the question/);
    expect(on.usage.completion_tokens_details).toEqual({ reasoning_tokens: 30 });
    const off = await readStream(
      await postChat(sim().url, { model: "deepseek-flash", messages: hi, thinking: DISABLED, stream: true }),
    );
    expect(off.chunks.some((c) => "reasoning_content" in (c.choices[0]?.delta ?? {}))).toBe(false);
  });

  it("maps every documented effort to low, high or max (the simulator thinks half, once or twice as long)", async () => {
    const mapping = { minimal: 15, low: 15, medium: 30, high: 30, xhigh: 30, max: 60, ultra: 60 };
    for (const [effort, tokens] of Object.entries(mapping)) {
      const answer = await completion({ model: "deepseek-flash", messages: hi, reasoning_effort: effort });
      expect([effort, answer.usage.completion_tokens_details]).toEqual([effort, { reasoning_tokens: tokens }]);
    }
  });

  it("rejects an effort or thinking type DeepSeek does not know", async () => {
    for (const extra of [{ reasoning_effort: "extreme" }, { thinking: { type: "auto" } }]) {
      const { status, body } = await rejection({ model: "deepseek-flash", messages: hi, ...extra });
      expect(status).toBe(400);
      expect(body).toMatchObject({
        error: { type: "invalid_request_error", message: expect.stringContaining("deserialize") },
      });
    }
  });

  it("ignores temperature and the penalties instead of failing", async () => {
    const plain = await completion({ model: "deepseek-flash", messages: hi });
    const tuned = await completion({
      model: "deepseek-flash",
      messages: hi,
      temperature: 1.9,
      presence_penalty: 2,
      frequency_penalty: -2,
      top_p: 0.1,
    });
    expect(tuned.choices[0]?.message).toEqual(plain.choices[0]?.message);
  });
});

describe("tool calls", () => {
  const ask = (content: string, extra: Record<string, unknown> = {}) => ({
    model: "deepseek-flash",
    messages: [{ role: "user", content }],
    tools: [weather],
    ...extra,
  });

  it("a user message naming an offered tool gets a streamed tool call with arguments valid for its schema", async () => {
    const stream = await readStream(await postChat(sim().url, ask("call get_weather for Paris", { stream: true })));
    const deltas = stream.chunks.map((c) => c.choices[0]?.delta);
    const calls = deltas.flatMap((d) => d?.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, type: "function", function: { name: "get_weather", arguments: "" } });
    expect(calls[0]?.id).toMatch(/^call_/);
    const args = JSON.parse(calls.map((c) => c.function.arguments).join(""));
    expect(args).toEqual({ city: "simulated city", unit: "celsius" });
    expect(stream.chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
    expect(reasoningOf(stream).length).toBeGreaterThan(0);
    expect(contentOf(stream)).toBe("");
  });

  it("a message that names no tool gets a text answer; tool_choice none never calls", async () => {
    expect((await completion(ask("what is the weather?"))).choices[0]?.finish_reason).toBe("stop");
    const none = await completion(ask("call get_weather", { tool_choice: "none" }));
    expect(none.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it("a two-turn loop in thinking mode passes when the reasoning is passed back, and the answer uses the result", async () => {
    const first = await completion(ask("call get_weather for Paris"));
    const assistant = first.choices[0]?.message as Message;
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    const call = assistant.tool_calls?.[0] as ToolCall;
    const result = { role: "tool", tool_call_id: call.id, content: '{"temperature": 21}' };
    const messages = [{ role: "user", content: "call get_weather for Paris" }, assistant, result];
    const second = await completion({ ...ask(""), messages });
    expect(second.choices[0]?.finish_reason).toBe("stop");
    expect(second.choices[0]?.message.content).toContain('{"temperature": 21}');
  });

  it("answers 400 when a tool-call turn comes back without its reasoning_content (thinking mode only)", async () => {
    const first = await completion(ask("call get_weather for Paris"));
    const { reasoning_content: _dropped, ...assistant } = (first.choices[0]?.message ?? {}) as Message;
    const call = assistant.tool_calls?.[0] as ToolCall;
    const messages = [
      { role: "user", content: "call get_weather for Paris" },
      assistant,
      { role: "tool", tool_call_id: call.id, content: "21" },
    ];
    expect(await rejection({ ...ask(""), messages })).toEqual({
      status: 400,
      body: {
        error: {
          message: "The `reasoning_content` in the thinking mode must be passed back to the API.",
          type: "invalid_request_error",
          param: null,
          code: "invalid_request_error",
        },
      },
    });
    await completion({ ...ask(""), messages, thinking: DISABLED });
  });

  it("rejects a forced tool_choice while thinking, and honours it with thinking disabled", async () => {
    const forced = { tool_choice: { type: "function", function: { name: "get_weather" } } };
    const { status, body } = await rejection(ask("hello", forced));
    expect([status, body]).toEqual([
      400,
      { error: expect.objectContaining({ message: "Thinking mode does not support this tool_choice" }) },
    ]);
    expect((await rejection(ask("hello", { tool_choice: "required" }))).status).toBe(400);
    const answer = await completion(ask("hello", { ...forced, thinking: DISABLED }));
    expect(answer.choices[0]?.message.tool_calls?.[0]?.function.name).toBe("get_weather");
  });
});

describe("output controls", () => {
  it("JSON mode returns valid JSON", async () => {
    const answer = await completion(chatBody("answer in json", { response_format: { type: "json_object" } }));
    expect(JSON.parse(answer.choices[0]?.message.content ?? "")).toMatchObject({ simulated: true });
  });

  it("rejects a json_schema response_format the way DeepSeek does", async () => {
    const format = { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } };
    expect(await rejection(chatBody("hi", { response_format: format }))).toEqual({
      status: 400,
      body: expect.objectContaining({
        error: expect.objectContaining({ message: "This response_format type is unavailable now" }),
      }),
    });
  });

  it("honours stop sequences, streamed and not", async () => {
    const body = chatBody("hi", { stop: ["simulator"] });
    expect((await completion(body)).choices[0]?.message.content).toBe("This is the edgechat ");
    const stream = await readStream(await postChat(sim().url, { ...body, stream: true }));
    expect(contentOf(stream)).toBe("This is the edgechat ");
    expect(stream.chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("chat prefix completion continues the assistant's prefix, and stop ends the code block as in DeepSeek's example", async () => {
    const messages = [
      { role: "user", content: "Please write quick sort code" },
      { role: "assistant", content: "```python\n", prefix: true },
    ];
    const answer = await completion(
      { model: "deepseek-flash", thinking: DISABLED, messages, stop: ["```"] },
      `${sim().url}/beta`,
    );
    expect(answer.choices[0]?.message.content).toBe('print("This is the edgechat simulator, not a real model.")\n');
  });

  it("reports DeepSeek's usage fields, with reasoning tokens when thinking", async () => {
    const answer = await completion({
      model: "deepseek-flash",
      thinking: ENABLED,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(Object.keys(answer.usage).sort()).toEqual([
      "completion_tokens",
      "completion_tokens_details",
      "prompt_cache_hit_tokens",
      "prompt_cache_miss_tokens",
      "prompt_tokens",
      "prompt_tokens_details",
      "total_tokens",
    ]);
  });
});
