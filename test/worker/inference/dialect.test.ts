import { describe, expect, it } from "vitest";
import { toDialect } from "../../../src/inference/providers/dialect.ts";
import { defaultPolicy } from "../../../src/inference/routing/policy.ts";
import { resolveThinking } from "../../../src/inference/routing/thinking.ts";
import type { Engine, Thinking } from "../../../src/inference/types.ts";
import { renameReasoningEvents, renameReasoningMessage } from "../../../src/inference/wire/reasoning-rename.ts";

const toolTurn = [
  { role: "user", content: "weather in Paris?" },
  {
    role: "assistant",
    content: null,
    reasoning_content: "I should call the weather tool.",
    tool_calls: [{ id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }],
  },
  { role: "tool", tool_call_id: "c1", content: "18°C" },
  { role: "assistant", content: "It is 18°C.", reasoning_content: "Answer plainly." },
  { role: "user", content: "and tomorrow?" },
];

const on: Thinking = { enabled: true, effort: "max" };
const off: Thinking = { enabled: false, effort: null };
const flash = defaultPolicy.models["deepseek-flash"]!.capabilities;

describe("thinking controls", () => {
  it("map every requested effort the way DeepSeek documents (minimal→low, medium/xhigh→high, ultra→max)", () => {
    const effort = (asked: Parameters<typeof resolveThinking>[0]["effort"]) =>
      resolveThinking({ enabled: null, effort: asked }, flash, true);
    expect(effort("minimal")).toEqual({ enabled: true, effort: "low" });
    expect(effort("low")).toEqual({ enabled: true, effort: "low" });
    expect(effort("medium")).toEqual({ enabled: true, effort: "high" });
    expect(effort("xhigh")).toEqual({ enabled: true, effort: "high" });
    expect(effort("max")).toEqual({ enabled: true, effort: "max" });
    expect(effort("ultra")).toEqual({ enabled: true, effort: "max" });
    expect(effort("none")).toEqual({ enabled: false, effort: null });
  });

  it("follow the switch, else the alias's or the model's default; a model without the switch never thinks", () => {
    expect(resolveThinking({ enabled: false, effort: "high" }, flash, true)).toEqual(off);
    expect(resolveThinking({ enabled: null, effort: null }, flash, false)).toEqual(off);
    expect(resolveThinking({ enabled: true, effort: null }, flash, false)).toEqual({ enabled: true, effort: null });
    const plain = { ...flash, thinking: false, efforts: [] };
    expect(resolveThinking({ enabled: true, effort: "max" }, plain, true)).toEqual(off);
  });
});

describe("each engine's dialect of the one internal request", () => {
  const dialect = (engine: Engine, thinking = on, extra: Record<string, unknown> = {}) =>
    toDialect(
      engine,
      { messages: toolTurn, thinking: { type: "enabled" }, reasoning_effort: "ultra", ...extra },
      thinking,
    );
  const reasoningOf = (body: Record<string, unknown>) =>
    (body.messages as Array<Record<string, unknown>>).map((message) => message.reasoning_content ?? message.reasoning);

  it("DeepSeek: `thinking.type` and `reasoning_effort`; only the tool-call turn's reasoning goes back", () => {
    const body = dialect("deepseek");
    expect(body.thinking).toEqual({ type: "enabled" });
    expect(body.reasoning_effort).toBe("max");
    expect(reasoningOf(body)).toEqual([undefined, "I should call the weather tool.", undefined, undefined, undefined]);
    const disabled = dialect("deepseek", off);
    expect(disabled.thinking).toEqual({ type: "disabled" });
    expect(disabled.reasoning_effort).toBeUndefined();
    expect(reasoningOf(disabled).every((value) => value === undefined)).toBe(true);
  });

  it("vLLM: chat_template_kwargs switch, earlier reasoning back as `reasoning`, no DeepSeek-only fields", () => {
    const body = dialect("vllm");
    expect(body.chat_template_kwargs).toEqual({ thinking: true, enable_thinking: true });
    expect(body.thinking).toBeUndefined();
    expect(body.reasoning_effort).toBeUndefined();
    const messages = body.messages as Array<Record<string, unknown>>;
    expect(messages[1]).toMatchObject({ reasoning: "I should call the weather tool." });
    expect(messages[1]?.reasoning_content).toBeUndefined();
    expect(dialect("vllm", off).chat_template_kwargs).toEqual({ thinking: false, enable_thinking: false });
  });

  it("SGLang and llama.cpp: chat_template_kwargs, reasoning back as `reasoning_content`", () => {
    expect(dialect("sglang")).toMatchObject({ chat_template_kwargs: { thinking: true }, separate_reasoning: true });
    expect(reasoningOf(dialect("sglang"))[1]).toBe("I should call the weather tool.");
    expect(dialect("llama.cpp").chat_template_kwargs).toEqual({ thinking: true, enable_thinking: true });
  });

  it("Workers AI and Ollama: reasoning_effort, `none` when thinking is off", () => {
    expect(dialect("workers-ai").reasoning_effort).toBe("max");
    expect(dialect("workers-ai", off).reasoning_effort).toBe("none");
    expect(dialect("workers-ai", { enabled: true, effort: null }).reasoning_effort).toBe("high");
    expect(dialect("ollama", off).reasoning_effort).toBe("none");
    expect(reasoningOf(dialect("workers-ai")).every((value) => value === undefined)).toBe(true);
  });

  it("a plain OpenAI-compatible server gets no extension field at all", () => {
    const body = dialect("openai");
    expect(Object.keys(body)).toEqual(["messages"]);
    expect(reasoningOf(body).every((value) => value === undefined)).toBe(true);
  });

  it("a JSON schema becomes JSON mode plus the schema in the instructions where the engine has no guided decoding", () => {
    const responseFormat = {
      type: "json_schema",
      json_schema: { name: "weather", schema: { type: "object", properties: { celsius: { type: "number" } } } },
    };
    const deepseek = dialect("deepseek", on, { response_format: responseFormat });
    expect(deepseek.response_format).toEqual({ type: "json_object" });
    const first = (deepseek.messages as Array<{ role: string; content: string }>)[0];
    expect(first?.role).toBe("system");
    expect(first?.content).toContain('"celsius"');
    expect(dialect("vllm", on, { response_format: responseFormat }).response_format).toEqual(responseFormat);
  });
});

describe("reasoning comes back as reasoning_content, whatever the engine called it", () => {
  it("renames vLLM's `reasoning` in streamed deltas and leaves every other byte as it was", () => {
    const upstream = [
      'data: {"choices":[{"index":0,"delta":{"role":"assistant","reasoning":"Let me think"}}]}\n\n',
      'data: {"choices":[{"index":0,"delta":{"content":"say \\"reasoning\\": no"}}]}\n\n',
      'data: {"choices":[],"usage":{"completion_tokens_details":{"reasoning_tokens":2}}}\n\n',
      "data: [DONE]\n\n",
    ].join("");
    expect(renameReasoningEvents(upstream)).toBe(upstream.replace('"reasoning":"Let', '"reasoning_content":"Let'));
  });

  it("keeps one field in an event that has both names (servers between the two sent both)", () => {
    const both = 'data: {"choices":[{"index":0,"delta":{"reasoning_content":"hm","reasoning":"hm"}}]}\n\n';
    const plain = 'data: {"choices":[{"index":0,"delta":{"reasoning":"ok"}}]}\n\n';
    const out = renameReasoningEvents(both + plain);
    const deltas = out
      .split("\n\n")
      .filter(Boolean)
      .map((event) => JSON.parse(event.slice(6)).choices[0].delta);
    expect(deltas).toEqual([{ reasoning_content: "hm" }, { reasoning_content: "ok" }]);
    expect(out.match(/"reasoning_content":/g)).toHaveLength(2);
  });

  it("renames it in a non-streamed message too, and never touches a string that only mentions it", () => {
    const completion = JSON.stringify({ choices: [{ message: { content: 'say "reasoning"', reasoning: "hmm" } }] });
    expect(JSON.parse(renameReasoningMessage(completion)).choices[0].message).toEqual({
      content: 'say "reasoning"',
      reasoning_content: "hmm",
    });
    const untouched = JSON.stringify({ choices: [{ message: { content: 'say "reasoning"' } }] });
    expect(renameReasoningMessage(untouched)).toBe(untouched);
  });
});
