// Conformance with vLLM's OpenAI-compatible server (≥ 0.17) serving a DeepSeek-style model: written once, run
// against the simulator's vLLM mode in `npm test` and against a real server by `npm run test:live` when
// LIVE_GPU_URL is set (start it with a reasoning parser and auto tool choice, see simulator/README.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { vllmTargets } from "./targets.ts";
import {
  CALL_WEATHER,
  complete,
  expectUsageOnlyWhenAsked,
  HI,
  postChat,
  startServing,
  THINKING,
  WEATHER_TOOL,
  type WireMessage,
} from "./wire.ts";

describe.each(vllmTargets())("vLLM conformance: $name", (target) => {
  // Without LIVE_GPU_MODEL, a real server is asked for the model it serves.
  beforeAll(() => startServing(target));
  afterAll(() => target.stop());

  it("lists the served model and answers an unknown one with a nested 404 NotFoundError", async () => {
    const response = await fetch(`${target.baseUrl()}/models`, {
      headers: { authorization: `Bearer ${target.apiKey}` },
    });
    expect(((await response.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id)).toContain(target.model);
    const { status, body } = await postChat(target, { model: "no-such-model-here", messages: HI });
    expect(status).toBe(404);
    expect(body).toMatchObject({
      error: { type: "NotFoundError", code: 404, message: expect.stringContaining("no-such-model-here") },
    });
  });

  it("does not think by default; chat_template_kwargs.thinking returns the field `reasoning`", async () => {
    const off = await complete(target, { messages: HI, max_tokens: 50 });
    expect(off.choices[0]?.message.reasoning ?? null).toBeNull();
    const on = await complete(target, { messages: HI, ...THINKING, max_tokens: 2000 });
    expect(typeof on.choices[0]?.message.reasoning).toBe("string");
    expect(on.choices[0]?.message).not.toHaveProperty("reasoning_content");
  });

  it("accepts earlier reasoning on assistant messages in a tool call round trip", async () => {
    const ask = [{ role: "user", content: CALL_WEATHER }];
    const first = await complete(target, {
      messages: ask,
      tools: [WEATHER_TOOL],
      tool_choice: "auto",
      max_tokens: 2000,
    });
    const assistant = first.choices[0]?.message as WireMessage;
    const call = assistant.tool_calls?.[0];
    expect(call?.function.name).toBe("get_weather");
    const result = { role: "tool", tool_call_id: call?.id, content: "sunny" };
    const turn = { ...assistant, reasoning: "I called the weather tool." };
    const second = await complete(target, {
      messages: [...ask, turn, result],
      tools: [WEATHER_TOOL],
      ...THINKING,
      max_tokens: 2000,
    });
    expect(second.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it("guided decoding: a json_schema response_format gives output that conforms", async () => {
    const schema = z.object({ city: z.string(), celsius: z.int() });
    const response_format = { type: "json_schema", json_schema: { name: "weather", schema: z.toJSONSchema(schema) } };
    const messages = [{ role: "user", content: "Give the weather in Paris as JSON." }];
    const answer = await complete(target, { messages, response_format, max_tokens: 200 });
    expect(schema.safeParse(JSON.parse(answer.choices[0]?.message.content ?? "")).success).toBe(true);
  });

  it("reports usage totals, and streams a usage chunk only with include_usage", () => expectUsageOnlyWhenAsked(target));
});
