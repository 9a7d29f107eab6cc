import { exports } from "cloudflare:workers";
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { plainModel, thinkingModel } from "../../kit/worker/models.ts";
import { base, createKey, usageRow } from "../../kit/worker/v1.ts";

/** The official Anthropic SDK, pointed at the Worker as Claude Code would be: base URL and key only. */
function client(apiKey: string, options: { bearer?: boolean; headers?: Record<string, string> } = {}): Anthropic {
  return new Anthropic({
    ...(options.bearer ? { authToken: apiKey, apiKey: null } : { apiKey }),
    baseURL: base,
    maxRetries: 0,
    defaultHeaders: options.headers,
    fetch: (input, init) => exports.default.fetch(input, init),
  });
}

const question = [{ role: "user" as const, content: "Say hello to the edge." }];

describe("the official Anthropic SDK against /v1/messages", () => {
  it("creates a message with text content and Anthropic's usage fields, metered as a messages request", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const message = await client(key.key, { headers: { "x-request-id": requestId } }).messages.create({
      model: plainModel,
      max_tokens: 200,
      system: "You are terse.",
      messages: question,
    });
    expect(message.type).toBe("message");
    expect(message.role).toBe("assistant");
    expect(message.model).toBe(plainModel);
    expect(message.stop_reason).toBe("end_turn");
    const text = message.content.find((block) => block.type === "text");
    expect(text?.type === "text" && text.text.length).toBeGreaterThan(0);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ format: "messages", model: plainModel, status: "complete" });
    expect(message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0)).toBe(row.prompt_tokens);
    expect(message.usage.output_tokens).toBe(row.completion_tokens);
  });

  it("accepts the key as a Bearer token too (Claude Code's ANTHROPIC_AUTH_TOKEN)", async () => {
    const key = await createKey();
    const message = await client(key.key, { bearer: true }).messages.create({
      model: plainModel,
      max_tokens: 50,
      messages: question,
    });
    expect(message.content.length).toBeGreaterThan(0);
  });

  it("streams text deltas and ends with the final message and its usage", async () => {
    const key = await createKey();
    const stream = client(key.key).messages.stream({ model: plainModel, max_tokens: 200, messages: question });
    let text = "";
    const events: string[] = [];
    stream.on("text", (delta) => {
      text += delta;
    });
    stream.on("streamEvent", (event) => {
      events.push(event.type);
    });
    const final = await stream.finalMessage();
    expect(text.length).toBeGreaterThan(0);
    expect(final.content).toEqual([{ type: "text", text }]);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    expect(final.usage.input_tokens).toBeGreaterThan(0);
    expect(events[0]).toBe("message_start");
    expect(events.at(-1)).toBe("message_stop");
    expect(events.at(-2)).toBe("message_delta");
  });

  it("streams thinking blocks before the text when thinking is enabled", async () => {
    const key = await createKey();
    const stream = client(key.key).messages.stream({
      model: thinkingModel,
      max_tokens: 2000,
      thinking: { type: "enabled", budget_tokens: 1024 },
      messages: question,
    });
    let thinking = "";
    stream.on("thinking", (delta) => {
      thinking += delta;
    });
    const final = await stream.finalMessage();
    expect(thinking.length).toBeGreaterThan(0);
    expect(final.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    const block = final.content[0];
    expect(block?.type === "thinking" && block.thinking).toBe(thinking);
  });

  it("round-trips a tool_use: the call streamed as input_json_delta, the tool_result sent back, the answer", async () => {
    const key = await createKey();
    const sdk = client(key.key);
    const tools: Anthropic.Tool[] = [
      {
        name: "get_weather",
        description: "The weather in a city.",
        input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    ];
    const history: Anthropic.MessageParam[] = [{ role: "user", content: "Please call get_weather for Paris." }];
    const stream = sdk.messages.stream({
      model: thinkingModel,
      max_tokens: 2000,
      thinking: { type: "enabled", budget_tokens: 2048 },
      tools,
      messages: history,
    });
    let partialJson = "";
    stream.on("inputJson", (delta) => {
      partialJson += delta;
    });
    const first = await stream.finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    expect(first.content.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
    const call = first.content.find((block) => block.type === "tool_use");
    if (call?.type !== "tool_use") throw new Error("no tool_use block");
    expect(call.name).toBe("get_weather");
    expect(call.input).toEqual(JSON.parse(partialJson));
    // The thinking block goes back with the call, as Claude Code does: DeepSeek requires it on tool-call turns.
    history.push({ role: "assistant", content: first.content });
    history.push({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: call.id, content: "drizzle all day" }],
    });
    const second = await sdk.messages.create({
      model: thinkingModel,
      max_tokens: 2000,
      thinking: { type: "enabled", budget_tokens: 2048 },
      tools,
      messages: history,
    });
    expect(second.stop_reason).toBe("end_turn");
    const text = second.content.find((block) => block.type === "text");
    expect(text?.type === "text" && text.text).toContain("drizzle");
  });

  it("maps claude-* model names to catalog models (Claude Code's defaults work unchanged)", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const message = await client(key.key, { headers: { "x-request-id": requestId } }).messages.create({
      model: "claude-sonnet-4-5",
      max_tokens: 50,
      messages: question,
    });
    expect(message.model).toBe("claude-sonnet-4-5");
    expect((await usageRow(requestId)).model).toBe("deepseek-flash");
  });

  it("answers errors in Anthropic's shape, as the SDK's typed errors", async () => {
    const key = await createKey();
    await expect(
      client("ec_not-a-real-key-000000000000000000").messages.create({
        model: plainModel,
        max_tokens: 5,
        messages: question,
      }),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    const missing = client(key.key).messages.create({ model: "gpt-7", max_tokens: 5, messages: question });
    await expect(missing).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(missing).rejects.toMatchObject({ error: { type: "error", error: { type: "not_found_error" } } });
    const bad = client(key.key).messages.create({ model: plainModel, max_tokens: 0, messages: question });
    await expect(bad).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(bad).rejects.toMatchObject({ error: { error: { type: "invalid_request_error" } } });
  });

  it("counts a request's input tokens", async () => {
    const key = await createKey();
    const counted = await client(key.key).messages.countTokens({ model: plainModel, messages: question });
    expect(counted.input_tokens).toBeGreaterThan(0);
  });

  it("lists fields it does not act on in x-edgechat-ignored-params", async () => {
    const key = await createKey();
    const { response } = await client(key.key)
      // top_k is an older Messages field this SDK no longer types; clients built on other SDKs still send it.
      .messages.create({ model: plainModel, max_tokens: 20, messages: question, ...({ top_k: 5 } as object) })
      .withResponse();
    expect(response.headers.get("x-edgechat-ignored-params")).toBe("top_k");
  });
});
