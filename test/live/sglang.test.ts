// Conformance with SGLang's OpenAI-compatible server serving a DeepSeek-style model: written once, run against the
// simulator's SGLang mode in `npm test` and against a real server by `npm run test:live` when LIVE_SGLANG_URL is
// set (start it with a reasoning parser, see docs/deploy.md). The gateway relies on these two facts to pass an
// SGLang stream to a /v1 client untouched (src/inference/passthrough/proxy-stream.ts, passesUnchanged): reasoning
// comes as `reasoning_content`, and the usage-only chunk comes only when the request asks for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sglangTargets } from "./targets.ts";
import { complete, completeStreamed, expectUsageOnlyWhenAsked, HI, startServing, THINKING } from "./wire.ts";

describe.each(sglangTargets())("SGLang conformance: $name", (target) => {
  // Without LIVE_SGLANG_MODEL, a real server is asked for the model it serves.
  beforeAll(() => startServing(target));
  afterAll(() => target.stop());

  it("returns reasoning as `reasoning_content`, whole and streamed, when chat_template_kwargs.thinking is set", async () => {
    const whole = await complete(target, { messages: HI, ...THINKING, max_tokens: 2000 });
    expect(typeof whole.choices[0]?.message.reasoning_content).toBe("string");
    expect(whole.choices[0]?.message).not.toHaveProperty("reasoning");
    const streamed = await completeStreamed(target, { messages: HI, ...THINKING, max_tokens: 2000 });
    const deltas = streamed.chunks.map((chunk) => chunk.choices[0]?.delta ?? {});
    expect(deltas.some((delta) => typeof delta.reasoning_content === "string")).toBe(true);
    expect(deltas.some((delta) => "reasoning" in delta)).toBe(false);
  });

  it("reports usage totals, and streams a usage chunk only with include_usage", () => expectUsageOnlyWhenAsked(target));
});
