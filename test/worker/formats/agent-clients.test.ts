import { exports } from "cloudflare:workers";
import { createOpenAI } from "@ai-sdk/openai";
import { ChatOpenAI } from "@langchain/openai";
import { Agent, run, setDefaultOpenAIClient, setTracingDisabled, tool } from "@openai/agents";
import { tool as aiTool, generateText, stepCountIs, streamText } from "ai";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { plainModel, thinkingModel } from "../../kit/worker/models.ts";
import { base, createKey, usageRow } from "../../kit/worker/v1.ts";

const workerFetch: typeof fetch = (input, init) => exports.default.fetch(input, init);

describe("agent frameworks on their default (Responses) path against /v1/responses", () => {
  it("the AI SDK's openai(id) generates text through /v1/responses", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const openai = createOpenAI({
      apiKey: key.key,
      baseURL: `${base}/v1`,
      fetch: workerFetch,
      headers: { "x-request-id": requestId },
    });
    const result = await generateText({ model: openai(plainModel), prompt: "Hello", maxRetries: 0 });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect((await usageRow(requestId)).format).toBe("responses");
  });

  it("the AI SDK's openai(id) streams a reasoning part, then text", async () => {
    const key = await createKey();
    const openai = createOpenAI({ apiKey: key.key, baseURL: `${base}/v1`, fetch: workerFetch });
    const result = streamText({ model: openai(thinkingModel), prompt: "Think, then answer.", maxRetries: 0 });
    let text = "";
    const parts: string[] = [];
    for await (const part of result.fullStream) {
      parts.push(part.type);
      if (part.type === "text-delta") text += part.text;
    }
    expect(text.length).toBeGreaterThan(0);
    // DeepSeek's own stream carries the reasoning as reasoning_text, which the AI SDK does not read as deltas
    // (it reads reasoning summaries): the part is there, its text is not (docs/formats.md).
    expect(parts.indexOf("reasoning-start")).toBeGreaterThan(-1);
    expect(parts.indexOf("reasoning-start")).toBeLessThan(parts.indexOf("text-delta"));
  });

  it("the AI SDK runs a tool loop through /v1/responses", async () => {
    const key = await createKey();
    const openai = createOpenAI({ apiKey: key.key, baseURL: `${base}/v1`, fetch: workerFetch });
    const result = await generateText({
      model: openai(plainModel),
      prompt: "Please call get_weather for Paris.",
      tools: {
        get_weather: aiTool({
          description: "The weather in a city.",
          inputSchema: z.object({ city: z.string() }),
          execute: async () => ({ forecast: "drizzle" }),
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(result.steps[0]?.toolCalls.map((call) => call.toolName)).toEqual(["get_weather"]);
    expect(result.text).toContain("drizzle");
  });

  it("the Agents SDK runs an agent with a tool in its default mode", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    setTracingDisabled(true);
    setDefaultOpenAIClient(
      new OpenAI({
        apiKey: key.key,
        baseURL: `${base}/v1`,
        maxRetries: 0,
        fetch: workerFetch,
        defaultHeaders: { "x-request-id": requestId },
      }),
    );
    const getWeather = tool({
      name: "get_weather",
      description: "The weather in a city.",
      parameters: z.object({ city: z.string() }),
      execute: async () => "drizzle all day",
    });
    const agent = new Agent({
      name: "Forecaster",
      instructions: "Answer briefly.",
      model: plainModel,
      tools: [getWeather],
    });
    const result = await run(agent, "Please call get_weather for Paris.");
    expect(result.finalOutput).toContain("drizzle");
    expect((await usageRow(requestId)).format).toBe("responses");
  });

  it("LangChain's ChatOpenAI with useResponsesApi invokes and streams", async () => {
    const key = await createKey();
    const model = new ChatOpenAI({
      model: plainModel,
      apiKey: key.key,
      useResponsesApi: true,
      maxRetries: 0,
      configuration: { baseURL: `${base}/v1`, fetch: workerFetch },
    });
    const message = await model.invoke("Say hello to the edge.");
    expect(String(message.content).length).toBeGreaterThan(0);
    let streamed = "";
    for await (const chunk of await model.stream("Say hello again.")) streamed += chunk.text;
    expect(streamed.length).toBeGreaterThan(0);
  });
});
