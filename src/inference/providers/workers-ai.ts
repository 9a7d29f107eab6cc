import { isRecord } from "../../lib/is-record.ts";
import { UpstreamFailure } from "../attempt/upstream-failure.ts";
import type { UpstreamRequest } from "../types.ts";
import { sseDataStream } from "../wire/sse.ts";
import { createThinkSplitter, type TaggedText } from "../wire/think-splitter.ts";
import { toDialect } from "./dialect.ts";

/** The slice of the AI binding this provider uses (a test double implements just this). */
type AiRunner = {
  run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
};

const encoder = new TextEncoder();

/**
 * Calls Workers AI through the `AI` binding and returns OpenAI-format bytes (SSE when streaming, a
 * `chat.completion` otherwise). DeepSeek V4 models take the chat-completions body with `reasoning_effort`
 * (none|low|high|max) and answer in OpenAI's chunk format, reasoning as `reasoning_content` or `reasoning`
 * (both are read); older text-generation models answer `{"response": "…"}` with inline `<think>` reasoning.
 * The upstream's finish reason is kept, and `[DONE]` is forwarded only when Workers AI sent it, so a stream
 * that breaks early ends without it and is reported as interrupted, never as complete.
 * A missing binding, or one that must run remotely (local dev), is "unavailable", never a crash.
 */
export async function openWorkersAi(env: Env, request: UpstreamRequest): Promise<ReadableStream<Uint8Array>> {
  const runner: unknown = env.AI;
  if (!isAiRunner(runner)) throw new UpstreamFailure("unavailable", "Workers AI is not bound");
  const inputs = aiInputs(request);
  let result: unknown;
  try {
    // No `signal` option: it cannot cross an RPC boundary (service-bound doubles, AI gateways). Aborting pipes
    // the stream below with the signal, which cancels the binding's stream and so the inference.
    result = await runner.run(request.target.model, inputs);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kind = /run remotely|not supported|no such binding/i.test(message)
      ? "unavailable"
      : /no such model|model .{0,80}not found|unknown model|invalid model/i.test(message)
        ? "config"
        : "failed";
    throw new UpstreamFailure(kind, `Workers AI: ${message}`);
  }
  const inlineThink = /deepseek-r1|qwq/i.test(request.target.model);
  const identity = {
    id: `chatcmpl-wai-${crypto.randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model: request.target.model,
  };
  if (result instanceof ReadableStream) {
    return result
      .pipeThrough(sseDataStream(), { signal: request.signal })
      .pipeThrough(workersAiToOpenAiSse(identity, inlineThink));
  }
  if (request.stream) throw new UpstreamFailure("failed", "Workers AI did not return a stream");
  return singleChunk(encoder.encode(completionJson(identity, result, inlineThink)));
}

function isAiRunner(value: unknown): value is AiRunner {
  return typeof value === "object" && value !== null && "run" in value && typeof value.run === "function";
}

/** The chat-completions inputs in Workers AI's dialect (dialect.ts), without the fields the binding sets itself. */
function aiInputs(request: UpstreamRequest): Record<string, unknown> {
  const {
    model: _model,
    stream_options: _options,
    ...inputs
  } = toDialect("workers-ai", request.body, request.thinking);
  for (const [key, value] of Object.entries(inputs)) if (value === null || value === undefined) delete inputs[key];
  inputs.stream = request.stream;
  return inputs;
}

type Identity = { id: string; created: number; model: string };

/** Workers AI SSE payloads → OpenAI SSE bytes: chunks pass with their own finish reason; `[DONE]` only if sent. */
function workersAiToOpenAiSse(identity: Identity, inlineThink: boolean): TransformStream<string, Uint8Array> {
  const splitter = createThinkSplitter(inlineThink);
  let legacy = false;
  let finished = false;
  const send = (controller: TransformStreamDefaultController<Uint8Array>, pieces: TaggedText[]) => {
    for (const piece of pieces) controller.enqueue(sseBytes(chunkJson(identity, deltaOf(piece), null)));
  };
  return new TransformStream({
    transform(data, controller) {
      if (data === "[DONE]") {
        send(controller, splitter.end());
        // The text-generation format has no finish chunk: its [DONE] is the only sign the answer is complete.
        if (legacy && !finished) controller.enqueue(sseBytes(chunkJson(identity, {}, "stop")));
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch {
        // Passed on as-is so the consumer reports a malformed chunk the same way for every provider.
        controller.enqueue(encoder.encode(`data: ${data}\n\n`));
        return;
      }
      if (!isRecord(json)) return;
      if (typeof json.response === "string" || !Array.isArray(json.choices)) {
        legacy = true;
        if (typeof json.response === "string" && json.response) send(controller, splitter.push(json.response));
        if (isRecord(json.usage))
          controller.enqueue(sseBytes(JSON.stringify({ ...base(identity), choices: [], usage: json.usage })));
        return;
      }
      if (json.choices.some((choice) => isRecord(choice) && typeof choice.finish_reason === "string")) finished = true;
      controller.enqueue(sseBytes(JSON.stringify(withReasoningContent(json, "delta"))));
    },
  });
}

/** `reasoning` (some serving versions) → `reasoning_content`, in each choice's delta or message. */
function withReasoningContent(json: Record<string, unknown>, part: "delta" | "message"): Record<string, unknown> {
  if (!Array.isArray(json.choices)) return json;
  for (const choice of json.choices) {
    const holder = isRecord(choice) ? choice[part] : null;
    if (!isRecord(holder) || typeof holder.reasoning !== "string") continue;
    if (typeof holder.reasoning_content !== "string") holder.reasoning_content = holder.reasoning;
    delete holder.reasoning;
  }
  return json;
}

function deltaOf(piece: TaggedText): Record<string, string> {
  return piece.kind === "reasoning" ? { reasoning_content: piece.text } : { content: piece.text };
}

function base(identity: Identity) {
  return { id: identity.id, object: "chat.completion.chunk", created: identity.created, model: identity.model };
}

function chunkJson(identity: Identity, delta: Record<string, string>, finish: string | null): string {
  return JSON.stringify({ ...base(identity), choices: [{ index: 0, delta, finish_reason: finish }] });
}

function sseBytes(json: string): Uint8Array {
  return encoder.encode(`data: ${json}\n\n`);
}

function completionJson(identity: Identity, result: unknown, inlineThink: boolean): string {
  const record = isRecord(result) ? result : {};
  if (Array.isArray(record.choices)) return JSON.stringify(withReasoningContent({ ...record }, "message"));
  const raw = typeof record.response === "string" ? record.response : "";
  const splitter = createThinkSplitter(inlineThink);
  const pieces = [...splitter.push(raw), ...splitter.end()];
  const join = (kind: TaggedText["kind"]) =>
    pieces
      .filter((piece) => piece.kind === kind)
      .map((piece) => piece.text)
      .join("");
  const message: Record<string, string> = { role: "assistant", content: join("text") };
  const reasoningText = join("reasoning");
  if (reasoningText) message.reasoning_content = reasoningText;
  return JSON.stringify({
    id: identity.id,
    object: "chat.completion",
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, message, finish_reason: "stop" }],
    usage: isRecord(record.usage) ? record.usage : null,
  });
}

function singleChunk(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
