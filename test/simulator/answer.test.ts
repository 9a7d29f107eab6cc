import { describe, expect, it } from "vitest";
import { planAnswer, tokenize } from "../../simulator/answer.ts";
import { buildUsage } from "../../simulator/usage.ts";

const user = (text: string) => [{ role: "user", text }];

describe("answer planning", () => {
  it("produces exactly the requested number of word tokens", () => {
    for (const n of [0, 1, 5, 40, 300]) {
      const plan = planAnswer({
        messages: user("hi"),
        answerTokens: n,
        reasoningTokens: 0,
        maxTokens: null,
        unicode: false,
      });
      expect(plan.content).toHaveLength(n);
      expect(plan.reasoning).toEqual([]);
      expect(plan.content.every((t) => /^\S+ $/.test(t))).toBe(true);
    }
  });

  it("answers a title request with a short title that says it is simulated", () => {
    const plan = planAnswer({
      messages: [
        { role: "system", text: "Write a title of 3 to 6 words for this conversation." },
        { role: "user", text: "User: how do tides work exactly\nAssistant: This is the edgechat simulator" },
      ],
      answerTokens: 40,
      reasoningTokens: 0,
      maxTokens: 24,
      unicode: false,
    });
    expect(plan.content.join("")).toBe("Simulated: how do tides work");
  });

  it("tokenize keeps whitespace so joining the tokens restores the text", () => {
    const text = "# Title\n\n- a\n  - b\n\n```ts\n  x();\n```\n";
    expect(tokenize(text).join("")).toBe(text);
    expect(tokenize("  leading").join("")).toBe("  leading");
  });

  it("callers that still name a model get reasoning only for the legacy reasoner names", () => {
    const plan = (model: string) =>
      planAnswer({ messages: user("hi"), model, answerTokens: 2, reasoningTokens: 3, maxTokens: null, unicode: false });
    expect(plan("deepseek-reasoner").reasoning).toHaveLength(3);
    expect(plan("DeepSeek-R1").reasoning).toHaveLength(3);
    expect(plan("deepseek-chat").reasoning).toEqual([]);
  });

  it("max_tokens covers the reasoning too, and stop sequences cut the answer before them", () => {
    const capped = planAnswer({
      messages: user("hi"),
      answerTokens: 10,
      reasoningTokens: 4,
      maxTokens: 6,
      unicode: false,
    });
    expect([capped.reasoning.length, capped.content.length, capped.finishReason]).toEqual([4, 2, "length"]);
    const stopped = planAnswer({
      messages: user("hi"),
      answerTokens: 40,
      reasoningTokens: 0,
      maxTokens: null,
      unicode: false,
      stop: ["simulator", "never"],
    });
    expect(stopped.content.join("")).toBe("This is the edgechat ");
    expect(stopped.finishReason).toBe("stop");
  });

  it("usage counts every message but the last as a cache hit", () => {
    const messages = [
      { role: "system", text: "12345678" },
      { role: "user", text: "1234" },
    ];
    expect(buildUsage(messages, 3, 4)).toEqual({
      prompt_tokens: 6 + 5,
      completion_tokens: 7,
      total_tokens: 18,
      prompt_tokens_details: { cached_tokens: 6 },
      prompt_cache_hit_tokens: 6,
      prompt_cache_miss_tokens: 5,
      completion_tokens_details: { reasoning_tokens: 3 },
    });
    expect(buildUsage(messages, 0, 4, "vllm")).toEqual({
      prompt_tokens: 11,
      completion_tokens: 4,
      total_tokens: 15,
      prompt_tokens_details: null,
    });
  });
});
