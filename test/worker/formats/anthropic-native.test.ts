import { env } from "cloudflare:workers";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { simulator, uniqueLabel } from "../../kit/worker/inference.ts";
import { gpuServer, plainModel, thinkingModel } from "../../kit/worker/models.ts";
import { base, createKey, usageRow } from "../../kit/worker/v1.ts";
import { workerWith } from "../../kit/worker/worker-with.ts";

type Recent = { label: string; path: string; endpoint: string; body: Record<string, unknown> };

/** What the simulator was last asked under `label`. */
async function requestsTo(label: string): Promise<Recent[]> {
  const response = await fetch(`${env.SIMULATOR_URL}/__stats`);
  const stats = await response.json<{ recent: Recent[] }>();
  return stats.recent.filter((request) => request.label === label);
}

/** DeepSeek (on the simulator, under `label`) as the partner plan's only provider. */
function deepseekOnly(label: string, options = ""): Partial<Env> {
  return {
    DEEPSEEK_BASE_URL: simulator(label, options),
    GPU_POOL: "[]",
    ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["deepseek"] } } }),
  };
}

function anthropic(key: string, bindings: Partial<Env>, requestId: string): Anthropic {
  return new Anthropic({
    apiKey: key,
    baseURL: base,
    maxRetries: 0,
    defaultHeaders: { "x-request-id": requestId },
    fetch: workerWith(bindings),
  });
}

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
    const columns = ["prompt_tokens", "completion_tokens", "cache_hit_tokens", "cache_miss_tokens", "cost_micros"];
    const pick = (row: typeof native) => columns.map((column) => row[column as keyof typeof row]);
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
    const bindings: Partial<Env> = {
      DEEPSEEK_BASE_URL: simulator(deepseek, "fault=500"),
      GPU_POOL: JSON.stringify([gpuServer("gpu-fallback", simulator(gpu, "engine=vllm"), { engine: "vllm" })]),
      ROUTING_POLICY: JSON.stringify({ plans: { partner: { providers: ["deepseek", "self-hosted"] } } }),
    };
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
