import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { useSimulator } from "../kit/simulator.ts";

const sim = useSimulator();
const client = () => new Anthropic({ apiKey: "sk-test", baseURL: `${sim().url}/anthropic`, maxRetries: 0 });

const weather: Anthropic.Tool = {
  name: "get_weather",
  description: "Weather for a city",
  input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

describe("DeepSeek's Anthropic format (@anthropic-ai/sdk against /anthropic)", () => {
  it("creates a message with a thinking block first (thinking is on by default) and Anthropic's usage", async () => {
    const message = await client().messages.create({
      model: "deepseek-flash",
      max_tokens: 1000,
      system: "You are terse.",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage).toMatchObject({ input_tokens: 5, output_tokens: 70, cache_read_input_tokens: 8 });
  });

  it("maps claude-* names (opus to v4-pro, the rest to flash) and rejects other unknown names with a 400", async () => {
    for (const model of ["claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5"]) {
      const message = await client().messages.create({
        model,
        max_tokens: 10,
        messages: [{ role: "user", content: "hi" }],
      });
      expect(message.type).toBe("message");
    }
    const failure = await client()
      .messages.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: "hi" }] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 400 });
    expect((failure as Error).message).toContain("Model Not Exist");
  });

  it("thinking disabled answers with text only; stop_sequences stop it", async () => {
    const message = await client().messages.create({
      model: "deepseek-flash",
      max_tokens: 100,
      thinking: { type: "disabled" },
      stop_sequences: ["simulator"],
      messages: [{ role: "user", content: "hi" }],
    });
    expect(message.content).toEqual([{ type: "text", text: "This is the edgechat " }]);
    expect([message.stop_reason, message.stop_sequence]).toEqual(["stop_sequence", "simulator"]);
  });

  it("streams message_start … message_stop with thinking and text deltas that add up to the message", async () => {
    const stream = client().messages.stream({
      model: "deepseek-flash",
      max_tokens: 1000,
      messages: [{ role: "user", content: "hi" }],
    });
    const kinds = new Set<string>();
    stream.on("streamEvent", (event) => {
      kinds.add(event.type === "content_block_delta" ? event.delta.type : event.type);
    });
    const message = await stream.finalMessage();
    expect([...kinds]).toEqual([
      "message_start",
      "content_block_start",
      "thinking_delta",
      "signature_delta",
      "content_block_stop",
      "text_delta",
      "message_delta",
      "message_stop",
    ]);
    expect(message.content[1]).toMatchObject({
      type: "text",
      text: expect.stringMatching(/^This is the edgechat simulator/),
    });
    expect(message.usage.output_tokens).toBe(70);
  });

  it("a tool_use round trip: the tool is called with valid input, and the result is answered", async () => {
    const ask: Anthropic.MessageParam = { role: "user", content: "call get_weather for Paris" };
    const stream = client().messages.stream({
      model: "deepseek-flash",
      max_tokens: 1000,
      tools: [weather],
      messages: [ask],
    });
    const first = await stream.finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    const use = first.content.find((block) => block.type === "tool_use");
    expect(use).toMatchObject({ name: "get_weather", input: { city: "simulated city" } });
    const answer = await client().messages.create({
      model: "deepseek-flash",
      max_tokens: 1000,
      tools: [weather],
      messages: [
        ask,
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: use?.type === "tool_use" ? use.id : "", content: "sunny, 21°C" },
          ],
        },
      ],
    });
    expect(answer.content.at(-1)).toMatchObject({ type: "text", text: expect.stringContaining("sunny, 21°C") });
  });

  it("answers 400 when a tool_use turn comes back without its thinking block (thinking mode)", async () => {
    const first = await client().messages.create({
      model: "deepseek-flash",
      max_tokens: 1000,
      tools: [weather],
      messages: [{ role: "user", content: "call get_weather" }],
    });
    const withoutThinking = first.content.filter((block) => block.type !== "thinking");
    const failure = await client()
      .messages.create({
        model: "deepseek-flash",
        max_tokens: 1000,
        tools: [weather],
        messages: [
          { role: "user", content: "call get_weather" },
          { role: "assistant", content: withoutThinking },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "x", content: "21" }] },
        ],
      })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 400 });
    expect((failure as Error).message).toContain(
      "The `content[].thinking` in the thinking mode must be passed back to the API.",
    );
  });
});
