import { expect } from "vitest";
import { parseSse } from "../kit/sse.ts";
import type { LiveTarget } from "./targets.ts";

/** A chat completion as it comes off the wire (only the parts the conformance tests read). */
export type WireCompletion = {
  model: string;
  choices: Array<{ message: WireMessage; finish_reason: string }>;
  usage: Record<string, unknown> & { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

/** An assistant message as it comes off the wire. */
export type WireMessage = Record<string, unknown> & {
  role: string;
  content: string | null;
  tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
};

/** The short question every conformance test asks. */
export const HI = [{ role: "user", content: "Say hello in five words." }];

/** A self-hosted server's thinking switch for DeepSeek templates (vLLM and SGLang read the same kwargs). */
export const THINKING = { chat_template_kwargs: { thinking: true } };

/**
 * OpenAI's usage contract as self-hosted servers keep it: the totals add up, and a stream carries usage only when
 * `stream_options.include_usage` asks for it, as one last chunk with `choices: []`.
 */
export async function expectUsageOnlyWhenAsked(target: LiveTarget): Promise<void> {
  const answer = await complete(target, { messages: HI, max_tokens: 20 });
  expect(answer.usage.total_tokens).toBe(answer.usage.prompt_tokens + answer.usage.completion_tokens);
  const without = await completeStreamed(target, { messages: HI, max_tokens: 20 });
  expect(without.chunks.some((chunk) => chunk.usage)).toBe(false);
  const withUsage = await completeStreamed(target, {
    messages: HI,
    max_tokens: 20,
    stream_options: { include_usage: true },
  });
  expect(withUsage.chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } });
}

/** Starts a target; a real server given without a model id answers with the first model it serves. */
export async function startServing(target: LiveTarget): Promise<void> {
  await target.start();
  if (target.model) return;
  const response = await fetch(`${target.baseUrl()}/models`, { headers: { authorization: `Bearer ${target.apiKey}` } });
  target.model = ((await response.json()) as { data: Array<{ id: string }> }).data[0]?.id ?? "";
}

/** POSTs a chat completion request and returns the status and parsed body. */
export async function postChat(
  target: LiveTarget,
  body: Record<string, unknown>,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${target.baseUrl()}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${target.apiKey}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text.trim() ? JSON.parse(text) : null };
}

/** A non-streamed completion that must succeed. */
export async function complete(target: LiveTarget, body: Record<string, unknown>): Promise<WireCompletion> {
  const { status, body: parsed } = await postChat(target, { model: target.model, ...body });
  expect(status, JSON.stringify(parsed)).toBe(200);
  return parsed as WireCompletion;
}

/** The parts of a streamed chunk the conformance tests read. */
type LiveChunk = Record<string, unknown> & {
  choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>;
  usage?: unknown;
};

/** A streamed completion: its JSON chunks and whether it ended with [DONE]. */
export async function completeStreamed(
  target: LiveTarget,
  body: Record<string, unknown>,
): Promise<{
  chunks: LiveChunk[];
  done: boolean;
}> {
  const response = await fetch(`${target.baseUrl()}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${target.apiKey}` },
    body: JSON.stringify({ model: target.model, ...body, stream: true }),
  });
  expect(response.status).toBe(200);
  const { chunks, done, invalid } = parseSse<LiveChunk>(await response.text());
  if (invalid.length > 0) throw new Error(`not JSON: ${invalid[0]}`);
  return { chunks, done };
}

/** A function tool every conformance test offers. */
export const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get the current weather for a city.",
    parameters: {
      type: "object",
      properties: { city: { type: "string", description: "City name" } },
      required: ["city"],
    },
  },
};

/** A prompt that makes a real model (and the simulator's documented trigger) call get_weather. */
export const CALL_WEATHER = "Use the get_weather tool to look up the weather in Paris. Call get_weather now.";
