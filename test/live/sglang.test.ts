// Conformance with SGLang's OpenAI-compatible server serving a DeepSeek-style model: written once, run against the
// simulator's SGLang mode in `npm test` and against a real server by `npm run test:live` when LIVE_SGLANG_URL is
// set (start it with a reasoning parser, see docs/deploy.md). The gateway relies on these two facts to pass an
// SGLang stream to a /v1 client untouched (src/inference/passthrough/proxy-stream.ts, passesUnchanged): reasoning
// comes as `reasoning_content`, and the usage-only chunk comes only when the request asks for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sglangTargets } from "./targets.ts";
import { complete, completeStreamed } from "./wire.ts";

const hi = [{ role: "user", content: "Say hello in five words." }];
const THINKING = { chat_template_kwargs: { thinking: true } };

describe.each(sglangTargets())("SGLang conformance: $name", (target) => {
  beforeAll(async () => {
    await target.start();
    if (!target.model) {
      // A real server without LIVE_SGLANG_MODEL: use the model it serves.
      const response = await fetch(`${target.baseUrl()}/models`, {
        headers: { authorization: `Bearer ${target.apiKey}` },
      });
      target.model = ((await response.json()) as { data: Array<{ id: string }> }).data[0]?.id ?? "";
    }
  });
  afterAll(() => target.stop());

  it("returns reasoning as `reasoning_content`, whole and streamed, when chat_template_kwargs.thinking is set", async () => {
    const whole = await complete(target, { messages: hi, ...THINKING, max_tokens: 2000 });
    expect(typeof whole.choices[0]?.message.reasoning_content).toBe("string");
    expect(whole.choices[0]?.message).not.toHaveProperty("reasoning");
    const streamed = await completeStreamed(target, { messages: hi, ...THINKING, max_tokens: 2000 });
    const deltas = streamed.chunks.map((chunk) => chunk.choices[0]?.delta ?? {});
    expect(deltas.some((delta) => typeof delta.reasoning_content === "string")).toBe(true);
    expect(deltas.some((delta) => "reasoning" in delta)).toBe(false);
  });

  it("streams a usage-only chunk (choices: []) only with include_usage", async () => {
    const without = await completeStreamed(target, { messages: hi, max_tokens: 20 });
    expect(without.chunks.some((chunk) => chunk.usage)).toBe(false);
    const withUsage = await completeStreamed(target, {
      messages: hi,
      max_tokens: 20,
      stream_options: { include_usage: true },
    });
    const last = withUsage.chunks.at(-1);
    expect(last).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } });
    const usage = last?.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
  });
});
