import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { useSimulator } from "../kit/simulator.ts";
import { weatherTool } from "../kit/tools.ts";

const sim = useSimulator();
const client = (path = "") => new OpenAI({ apiKey: "sk-test", baseURL: `${sim().url}${path}`, maxRetries: 0 });

describe("the Responses format (openai SDK against DeepSeek's /responses)", () => {
  it("answers text with a reasoning item first (thinking by default) and usage with reasoning and cached tokens", async () => {
    const response = await client().responses.create({
      model: "deepseek-flash",
      input: "hi",
      instructions: "Be terse.",
    });
    expect(response.status).toBe("completed");
    expect(response.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    expect(response.output_text).toMatch(/^This is the edgechat simulator/);
    expect(response.usage).toMatchObject({
      output_tokens: 70,
      output_tokens_details: { reasoning_tokens: 30 },
      input_tokens_details: { cached_tokens: 7 },
    });
  });

  it("reasoning.effort none disables thinking; low thinks half as long", async () => {
    const none = await client().responses.create({
      model: "deepseek-flash",
      input: "hi",
      reasoning: { effort: "none" },
    });
    expect(none.output.map((item) => item.type)).toEqual(["message"]);
    const low = await client().responses.create({ model: "deepseek-flash", input: "hi", reasoning: { effort: "low" } });
    expect(low.usage?.output_tokens_details.reasoning_tokens).toBe(15);
  });

  it("streams the semantic events, and the final response matches them", async () => {
    const stream = client().responses.stream({ model: "deepseek-flash", input: "hi" });
    const types: string[] = [];
    stream.on("event", (event) => {
      if (types.at(-1) !== event.type) types.push(event.type);
    });
    const final = await stream.finalResponse();
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.reasoning_text.delta",
      "response.reasoning_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(final.output_text).toMatch(/^This is the edgechat simulator/);
  });

  it("a function call round trip continues through previous_response_id", async () => {
    const first = await client().responses.create({
      model: "deepseek-flash",
      input: "call get_weather for Paris",
      tools: [weatherTool],
    });
    const call = first.output.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ name: "get_weather", arguments: '{"city":"simulated city"}' });
    const second = await client().responses.create({
      model: "deepseek-flash",
      previous_response_id: first.id,
      tools: [weatherTool],
      input: [
        { type: "function_call_output", call_id: call?.type === "function_call" ? call.call_id : "", output: "sunny" },
      ],
    });
    expect(second.output_text).toContain("sunny");
  });

  it("streams function call arguments in pieces", async () => {
    const stream = client().responses.stream({
      model: "deepseek-flash",
      input: "call get_weather",
      tools: [weatherTool],
    });
    let args = "";
    stream.on("response.function_call_arguments.delta", (event) => {
      args += event.delta;
    });
    await stream.finalResponse();
    expect(JSON.parse(args)).toEqual({ city: "simulated city" });
  });

  it("rejects an unknown previous_response_id and an unknown model", async () => {
    const missing = await client()
      .responses.create({ model: "deepseek-flash", input: "x", previous_response_id: "resp_nope" })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 400, code: "previous_response_not_found" });
    const unknown = await client()
      .responses.create({ model: "deepseek-chat", input: "x" })
      .catch((e: unknown) => e);
    expect((unknown as Error).message).toContain("Model Not Exist");
  });

  it("on vLLM, text.format json_schema output conforms to the schema", async () => {
    const schema = {
      type: "object",
      properties: { n: { type: "integer", minimum: 3 } },
      required: ["n"],
      additionalProperties: false,
    };
    const response = await client("/engine=vllm/v1").responses.create({
      model: "served",
      input: "give me n",
      text: { format: { type: "json_schema", name: "n", schema, strict: true } },
    });
    expect(JSON.parse(response.output_text)).toEqual({ n: 3 });
  });
});
