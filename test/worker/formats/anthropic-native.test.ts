import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { uniqueLabel } from "../../kit/worker/inference.ts";
import { plainModel, thinkingModel } from "../../kit/worker/models.ts";
import {
  anthropicClient as anthropic,
  deepseekOnly,
  deepseekThenGpu,
  meteredColumns,
  requestsTo,
  usageRowCount,
} from "../../kit/worker/native.ts";
import { base, createKey, usageRow } from "../../kit/worker/v1.ts";
import { workerWith } from "../../kit/worker/worker-with.ts";

const question = [{ role: "user" as const, content: "Say hello to the edge." }];

describe("streamed /v1/messages on DeepSeek: its own Anthropic endpoint, bytes untouched", () => {
  it("goes to DeepSeek's /anthropic/v1/messages with DeepSeek's model id, and the SDK reads DeepSeek's own events", async () => {
    const key = await createKey();
    const label = uniqueLabel("deepseek-native");
    const requestId = crypto.randomUUID();
    const stream = anthropic(key.key, deepseekOnly(label), requestId).messages.stream({
      model: "claude-sonnet-4-5",
      max_tokens: 200,
      system: "You are terse.",
      thinking: { type: "disabled" },
      messages: question,
    });
    const final = await stream.finalMessage();
    // The simulator's own message id: the events were DeepSeek's, not re-rendered by the gateway.
    expect(final.id).toMatch(/^msg_sim_/);
    expect(final.content[0]?.type === "text" && final.content[0].text).toContain("Say hello to the edge.");
    const [sent] = await requestsTo(label);
    expect(sent?.path).toContain("/anthropic/v1/messages");
    expect(sent?.body).toMatchObject({ model: "deepseek-flash", stream: true, thinking: { type: "disabled" } });
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ format: "messages", provider: "deepseek", status: "complete", estimated: 0 });
    expect(final.usage.input_tokens + (final.usage.cache_read_input_tokens ?? 0)).toBe(row.prompt_tokens);
    expect(final.usage.output_tokens).toBe(row.completion_tokens);
  });

  it("meters the same answer as chat completions does: the same tokens, cache split and cost", async () => {
    const key = await createKey();
    const label = uniqueLabel("deepseek-same");
    const bindings = deepseekOnly(label);
    const messages = [
      { role: "user" as const, content: "first question" },
      { role: "assistant" as const, content: "first answer" },
      { role: "user" as const, content: "second question" },
    ];
    const nativeId = crypto.randomUUID();
    await anthropic(key.key, bindings, nativeId)
      .messages.stream({ model: plainModel, max_tokens: 40, messages })
      .finalMessage();
    const chatId = crypto.randomUUID();
    const openai = new OpenAI({
      apiKey: key.key,
      baseURL: `${base}/v1`,
      maxRetries: 0,
      defaultHeaders: { "x-request-id": chatId },
      fetch: workerWith(bindings),
    });
    for await (const _chunk of await openai.chat.completions.create({
      model: plainModel,
      max_tokens: 40,
      messages,
      stream: true,
    })) {
      // read to the end
    }
    const [native, chat] = [await usageRow(nativeId), await usageRow(chatId)];
    const pick = (row: typeof native) => meteredColumns.map((column) => row[column]);
    expect(native.cache_hit_tokens).toBeGreaterThan(0);
    expect(pick(native)).toEqual(pick(chat));
    expect([native.format, chat.format]).toEqual(["messages", "chat"]);
    const paths = (await requestsTo(label)).map((request) => request.endpoint);
    expect(paths.sort()).toEqual(["chat", "messages"]);
  });

  it("passes the catalog's thinking on: thinking blocks stream from DeepSeek before the text", async () => {
    const key = await createKey();
    const label = uniqueLabel("deepseek-thinks");
    const requestId = crypto.randomUUID();
    const final = await anthropic(key.key, deepseekOnly(label), requestId)
      .messages.stream({
        model: thinkingModel,
        max_tokens: 300,
        thinking: { type: "enabled", budget_tokens: 2048 },
        messages: question,
      })
      .finalMessage();
    expect(final.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    const [sent] = await requestsTo(label);
    expect(sent?.body.thinking).toMatchObject({ type: "enabled" });
    expect((await usageRow(requestId)).completion_tokens).toBe(final.usage.output_tokens);
  });

  it("another target is translated as before, in Anthropic's events, when DeepSeek refuses before its first token", async () => {
    const key = await createKey();
    const deepseek = uniqueLabel("deepseek-down");
    const gpu = uniqueLabel("gpu-up");
    const requestId = crypto.randomUUID();
    const bindings = deepseekThenGpu(deepseek, "fault=500", gpu);
    const final = await anthropic(key.key, bindings, requestId)
      .messages.stream({ model: plainModel, max_tokens: 100, messages: question })
      .finalMessage();
    expect(final.id).not.toMatch(/^msg_sim_/);
    expect(final.content[0]?.type).toBe("text");
    expect((await requestsTo(gpu)).map((request) => request.endpoint)).toEqual(["chat"]);
    expect(await usageRow(requestId)).toMatchObject({
      provider: "self-hosted",
      format: "messages",
      status: "complete",
    });
  });
});

describe("non-streamed /v1/messages on DeepSeek: one JSON body from its own Anthropic endpoint", () => {
  it("the SDK's create gets DeepSeek's own message, with the model name it asked for, metered from its usage", async () => {
    const key = await createKey();
    const label = uniqueLabel("deepseek-whole");
    const requestId = crypto.randomUUID();
    const message = await anthropic(key.key, deepseekOnly(label), requestId).messages.create({
      model: "claude-sonnet-4-5",
      max_tokens: 200,
      messages: question,
    });
    expect(message.id).toMatch(/^msg_sim_/);
    expect(message.model).toBe("claude-sonnet-4-5");
    expect(message.content.at(-1)?.type).toBe("text");
    const [sent] = await requestsTo(label);
    expect(sent?.path).toContain("/anthropic/v1/messages");
    expect(sent?.body).toMatchObject({ model: "deepseek-flash", stream: false });
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ format: "messages", provider: "deepseek", status: "complete", estimated: 0 });
    expect(message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0)).toBe(row.prompt_tokens);
    expect(message.usage.output_tokens).toBe(row.completion_tokens);
  });

  it("fails over to a translated target when DeepSeek refuses, and the SDK reads the same shape", async () => {
    const key = await createKey();
    const gpu = uniqueLabel("gpu-whole");
    const requestId = crypto.randomUUID();
    const message = await anthropic(
      key.key,
      deepseekThenGpu(uniqueLabel("deepseek-503"), "fault=503", gpu),
      requestId,
    ).messages.create({ model: plainModel, max_tokens: 100, messages: question });
    expect(message.id).not.toMatch(/^msg_sim_/);
    expect(message.content[0]?.type).toBe("text");
    expect((await requestsTo(gpu)).map((request) => request.endpoint)).toEqual(["chat"]);
    expect(await usageRow(requestId)).toMatchObject({
      provider: "self-hosted",
      format: "messages",
      status: "complete",
    });
  });
});

describe("a native /v1/messages stream that breaks", () => {
  it("after its first tokens ends with Anthropic's error event, and is metered once", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const stream = anthropic(
      key.key,
      deepseekOnly(uniqueLabel("deepseek-drop"), "fault=drop,dropafter=3"),
      requestId,
    ).messages.stream({ model: plainModel, max_tokens: 200, messages: question });
    const texts: string[] = [];
    stream.on("text", (text) => texts.push(text));
    // The SDK turns Anthropic's `event: error` into a thrown APIError.
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIError);
    expect(texts).toHaveLength(3);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ format: "messages", provider: "deepseek", status: "error" });
    expect(await usageRowCount(requestId)).toBe(1);
  });

  it("before its first event fails over: the client gets a whole answer from the next target", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const bindings = deepseekThenGpu(uniqueLabel("deepseek-gone"), "fault=drop-before", uniqueLabel("gpu-next"));
    const final = await anthropic(key.key, bindings, requestId)
      .messages.stream({ model: plainModel, max_tokens: 100, messages: question })
      .finalMessage();
    expect(final.stop_reason).toBe("end_turn");
    expect(await usageRow(requestId)).toMatchObject({ provider: "self-hosted", status: "complete" });
    expect(await usageRowCount(requestId)).toBe(1);
  });
});
