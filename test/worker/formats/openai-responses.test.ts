import { exports } from "cloudflare:workers";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { streamedFunctionCall, weatherTool } from "../../kit/tools.ts";
import { plainModel, thinkingModel } from "../../kit/worker/models.ts";
import { base, createKey, usageRow } from "../../kit/worker/v1.ts";

function client(apiKey: string, headers: Record<string, string> = {}): OpenAI {
  return new OpenAI({
    apiKey,
    baseURL: `${base}/v1`,
    maxRetries: 0,
    defaultHeaders: headers,
    fetch: (input, init) => exports.default.fetch(input, init),
  });
}

describe("the official openai SDK against /v1/responses", () => {
  it("creates a response with output text and usage, metered as a responses request", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const response = await client(key.key, { "x-request-id": requestId }).responses.create({
      model: plainModel,
      instructions: "You are terse.",
      input: "Say hello to the edge.",
    });
    expect(response.object).toBe("response");
    expect(response.status).toBe("completed");
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text.length).toBeGreaterThan(0);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ format: "responses", model: plainModel, status: "complete" });
    expect(response.usage).toMatchObject({
      input_tokens: row.prompt_tokens,
      output_tokens: row.completion_tokens,
      total_tokens: row.prompt_tokens + row.completion_tokens,
    });
  });

  it("streams semantic events, reasoning before text, ending with response.completed", async () => {
    const key = await createKey();
    const stream = client(key.key).responses.stream({
      model: thinkingModel,
      input: "Think, then answer.",
      reasoning: { effort: "high" },
    });
    const types: string[] = [];
    let text = "";
    let reasoning = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") text += event.delta;
      // DeepSeek's own stream says reasoning_text; a translated one, reasoning_summary_text (both are the API's).
      if (event.type === "response.reasoning_summary_text.delta" || event.type === "response.reasoning_text.delta") {
        reasoning += event.delta;
      }
    }
    const final = await stream.finalResponse();
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    const firstReasoning = types.findIndex((type) => type.startsWith("response.reasoning_"));
    expect(firstReasoning).toBeGreaterThan(-1);
    expect(firstReasoning).toBeLessThan(types.indexOf("response.output_text.delta"));
    expect(reasoning.length).toBeGreaterThan(0);
    expect(final.output_text).toBe(text);
    expect(final.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    expect(final.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it("continues a stored response with previous_response_id, and retrieves and deletes it", async () => {
    const key = await createKey();
    const sdk = client(key.key);
    const first = await sdk.responses.create({ model: plainModel, input: "Remember the word lantern." });
    const second = await sdk.responses.create({
      model: plainModel,
      input: "Which word?",
      previous_response_id: first.id,
    });
    expect(second.previous_response_id).toBe(first.id);
    // The continued conversation is longer than the new message alone: the first turn went upstream again.
    expect(second.usage?.input_tokens).toBeGreaterThan(first.usage?.input_tokens ?? 0);
    expect((await sdk.responses.retrieve(first.id)).output_text).toBe(first.output_text);
    await sdk.responses.delete(first.id);
    await expect(sdk.responses.retrieve(first.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      sdk.responses.create({ model: plainModel, input: "Again?", previous_response_id: first.id }),
    ).rejects.toMatchObject({ status: 400, param: "previous_response_id" });
  });

  it("keeps one key's stored responses from every other key", async () => {
    const owner = await createKey();
    const other = await createKey();
    const response = await client(owner.key).responses.create({ model: plainModel, input: "Private." });
    await expect(client(other.key).responses.retrieve(response.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client(other.key).responses.delete(response.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("does not store a response sent with store: false", async () => {
    const key = await createKey();
    const response = await client(key.key).responses.create({ model: plainModel, input: "Forget me.", store: false });
    await expect(client(key.key).responses.retrieve(response.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("round-trips a function call: the call, its output sent back, the final answer (non-streamed)", async () => {
    const key = await createKey();
    const sdk = client(key.key);
    const first = await sdk.responses.create({
      model: plainModel,
      input: "Please call get_weather for Paris.",
      tools: [weatherTool],
    });
    const call = first.output.find((item) => item.type === "function_call");
    expect(call?.type === "function_call" && call.name).toBe("get_weather");
    if (call?.type !== "function_call") throw new Error("no function call");
    expect(JSON.parse(call.arguments)).toHaveProperty("city");
    const second = await sdk.responses.create({
      model: plainModel,
      previous_response_id: first.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output: '{"forecast": "drizzle"}' }],
      tools: [weatherTool],
    });
    expect(second.output_text).toContain("drizzle");
  });

  it("round-trips a function call in thinking mode with the whole history sent back (streamed)", async () => {
    const key = await createKey();
    const sdk = client(key.key);
    const input: OpenAI.Responses.ResponseInputItem[] = [
      { role: "user", content: "Please call get_weather for Paris." },
    ];
    const stream = sdk.responses.stream({ model: thinkingModel, input, tools: [weatherTool], store: false });
    const { response: first, call } = await streamedFunctionCall(stream);
    // The reasoning item goes back with the call: DeepSeek refuses a tool-call turn without its reasoning.
    input.push(...(first.output as OpenAI.Responses.ResponseInputItem[]));
    input.push({ type: "function_call_output", call_id: call.call_id, output: '{"forecast": "drizzle"}' });
    const second = await sdk.responses.create({ model: thinkingModel, input, tools: [weatherTool], store: false });
    expect(second.status).toBe("completed");
    expect(second.output_text).toContain("drizzle");
  });
});
