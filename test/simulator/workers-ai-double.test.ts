// The Workers AI double (test/fixtures/workers-ai-double.js) answers in each model's schema from
// worker-configuration.d.ts. The Worker tests run it inside workerd; here its base class is stubbed so its
// answers can be checked directly.
import { describe, expect, it, vi } from "vitest";
import { parseSse } from "../kit/simulator.ts";

vi.mock("cloudflare:workers", () => ({ WorkerEntrypoint: class {} }));

type Double = {
  run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
  lastInputs(): { model: string; inputs: Record<string, unknown>; options: unknown } | null;
};

async function double(): Promise<Double> {
  // A computed specifier: the fixture is plain JavaScript without type declarations.
  const specifier = new URL("../fixtures/workers-ai-double.js", import.meta.url).href;
  const module = (await import(specifier)) as { default: new () => Double };
  return new module.default();
}

const FLASH = "@cf/deepseek-ai/deepseek-v4-flash-0731";
const PRO = "@cf/deepseek-ai/deepseek-v4-pro-0813";
const hello = (extra: Record<string, unknown> = {}) => ({ messages: [{ role: "user", content: "hello" }], ...extra });

type Completion = {
  object: string;
  model: string;
  choices: Array<{ message: Record<string, unknown>; finish_reason: string }>;
  usage: { completion_tokens: number; completion_tokens_details: { reasoning_tokens: number } };
};

async function text(stream: unknown): Promise<string> {
  return new Response(stream as ReadableStream).text();
}

describe("Workers AI double: DeepSeek V4 models", () => {
  it("answers a chat completion with reasoning_content (flash) or reasoning (pro), thinking by default", async () => {
    const ai = await double();
    const flash = (await ai.run(FLASH, hello())) as Completion;
    expect(flash).toMatchObject({ object: "chat.completion", model: FLASH, choices: [{ finish_reason: "stop" }] });
    expect(flash.choices[0]?.message).toMatchObject({ role: "assistant", reasoning_content: expect.any(String) });
    const pro = (await ai.run(PRO, hello())) as Completion;
    expect(pro.choices[0]?.message.reasoning).toEqual(expect.any(String));
    expect("reasoning_content" in (pro.choices[0]?.message ?? {})).toBe(false);
    const picked = (await ai.run(FLASH, {
      messages: [{ role: "user", content: "[[reasoning-field=reasoning]]" }],
    })) as Completion;
    expect(Object.keys(picked.choices[0]?.message ?? {})).toContain("reasoning");
  });

  it("maps reasoning_effort (none disables thinking; aliases accepted) and rejects unknown efforts", async () => {
    const ai = await double();
    const tokens = async (effort: string) =>
      ((await ai.run(FLASH, hello({ reasoning_effort: effort }))) as Completion).usage.completion_tokens_details
        .reasoning_tokens;
    expect(await tokens("none")).toBe(0);
    expect([await tokens("low"), await tokens("minimal")]).toEqual([2, 2]);
    expect([await tokens("high"), await tokens("medium"), await tokens("xhigh")]).toEqual([4, 4, 4]);
    expect(await tokens("max")).toBe(8);
    const off = (await ai.run(FLASH, hello({ chat_template_kwargs: { enable_thinking: false } }))) as Completion;
    expect("reasoning_content" in (off.choices[0]?.message ?? {})).toBe(false);
    await expect(ai.run(FLASH, hello({ reasoning_effort: "ultra" }))).rejects.toThrow(/5006/);
  });

  it("streams OpenAI-style chunks with finish_reason, a usage chunk and [DONE]", async () => {
    const ai = await double();
    const stream = parseSse(await text(await ai.run(PRO, hello({ stream: true }))));
    expect(stream.done).toBe(true);
    const reasoning = stream.chunks.map((c) => c.choices[0]?.delta.reasoning ?? "").join("");
    expect(reasoning).toMatch(/^Thinking\./);
    const content = stream.chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(content).toBe("Hello from DeepSeek V4 on Workers AI.");
    expect(stream.chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(stream.chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 7 } });
  });

  it("records what it was called with", async () => {
    const ai = await double();
    await ai.run(PRO, hello({ reasoning_effort: "low" }), { gateway: { id: "g" } });
    expect(ai.lastInputs()).toEqual({
      model: PRO,
      inputs: hello({ reasoning_effort: "low" }),
      options: { gateway: { id: "g" } },
    });
  });

  it("throws the binding's 'No such model' error for a model it does not know", async () => {
    const ai = await double();
    await expect(ai.run("@cf/nobody/nothing", hello())).rejects.toThrow(
      "AiError: 5007: No such model @cf/nobody/nothing or task",
    );
  });
});

describe("Workers AI double: embedding models", () => {
  it("qwen3-embedding-0.6b embeds a batch into 1024-dimension unit vectors, the same text the same way", async () => {
    const ai = await double();
    const out = (await ai.run("@cf/qwen/qwen3-embedding-0.6b", { text: ["a", "b", "a"] })) as {
      data: number[][];
      shape: number[];
    };
    expect(out.shape).toEqual([3, 1024]);
    expect(out.data[0]).toEqual(out.data[2]);
    expect(out.data[0]).not.toEqual(out.data[1]);
    expect(Math.hypot(...(out.data[1] ?? []))).toBeCloseTo(1, 6);
  });

  it("bge-m3 embeds text with its pooling, and ranks contexts against a query", async () => {
    const ai = await double();
    expect(await ai.run("@cf/baai/bge-m3", { text: "one" })).toMatchObject({ shape: [1, 1024], pooling: "cls" });
    const ranked = (await ai.run("@cf/baai/bge-m3", { query: "x", contexts: [{ text: "y" }, { text: "x" }] })) as {
      response: Array<{ id: number; score: number }>;
    };
    expect(ranked.response[0]).toEqual({ id: 1, score: expect.closeTo(1, 6) });
  });
});

describe("Workers AI double: the legacy models the old catalog uses", () => {
  it("still streams the R1 distill's inline reasoning in the text-generation format", async () => {
    const ai = await double();
    const raw = await text(await ai.run("@cf/deepseek-ai/deepseek-r1-distill-qwen-32b", hello({ stream: true })));
    expect(raw).toContain('data: {"response":" </thi"}');
    expect(raw.endsWith("data: [DONE]\n\n")).toBe(true);
  });
});

describe("Workers AI double: tool calls on the V4 models", () => {
  const tools = [
    {
      type: "function",
      function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
    },
  ];

  it("calls a tool the last user message names, streamed or not, then quotes its result", async () => {
    const ai = await double();
    const ask = { role: "user", content: "call get_weather please" };
    const first = (await ai.run(FLASH, { messages: [ask], tools })) as Completion;
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    const calls = (first.choices[0]?.message.tool_calls ?? []) as Array<{
      id: string;
      function: { arguments: string };
    }>;
    const call = calls[0];
    expect(JSON.parse(call?.function.arguments ?? "")).toEqual({ city: "simulated city" });
    const stream = parseSse(await text(await ai.run(FLASH, { messages: [ask], tools, stream: true })));
    expect(stream.chunks.some((c) => c.choices[0]?.delta.tool_calls?.[0]?.function.name === "get_weather")).toBe(true);
    expect(stream.chunks.at(-2)?.choices[0]?.finish_reason).toBe("tool_calls");
    const messages = [ask, first.choices[0]?.message, { role: "tool", tool_call_id: call?.id, content: "sunny" }];
    const answer = (await ai.run(FLASH, { messages, tools })) as Completion;
    expect(answer.choices[0]?.message.content).toBe("The tool returned: sunny");
  });
});
