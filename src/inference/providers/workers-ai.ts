import { isRecord } from "../deep-merge.ts";
import { sseDataStream } from "../sse.ts";
import { createThinkSplitter, type TaggedText } from "../think-splitter.ts";
import { UpstreamFailure } from "../upstream-failure.ts";
import type { UpstreamRequest } from "./open-upstream.ts";

/** The slice of the AI binding this provider uses (a test double implements just this). */
type AiRunner = {
  run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
};

const encoder = new TextEncoder();

/**
 * Calls Workers AI through the `AI` binding and converts its output to OpenAI format (SSE when streaming,
 * a `chat.completion` otherwise), with inline `<think>` reasoning turned into `reasoning_content`.
 * A missing binding, or one that must run remotely (local dev), is "unavailable", never a crash.
 */
export async function openWorkersAi(env: Env, request: UpstreamRequest): Promise<ReadableStream<Uint8Array>> {
  const runner: unknown = env.AI;
  if (!isAiRunner(runner)) throw new UpstreamFailure("unavailable", "Workers AI is not bound");
  const inputs = aiInputs(request.body, request.stream);
  let result: unknown;
  try {
    // No `signal` option: it cannot cross an RPC boundary (service-bound doubles, AI gateways). Aborting pipes
    // the stream below with the signal, which cancels the binding's stream and so the inference.
    result = await runner.run(request.target.model, inputs);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kind = /run remotely|not supported|no such binding/i.test(message) ? "unavailable" : "failed";
    throw new UpstreamFailure(kind, `Workers AI: ${message}`);
  }
  const reasoning = /deepseek-r1|qwq|reason/i.test(request.target.model);
  const identity = {
    id: `chatcmpl-wai-${crypto.randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model: request.target.model,
  };
  if (result instanceof ReadableStream) {
    return result
      .pipeThrough(sseDataStream(), { signal: request.signal })
      .pipeThrough(workersAiToOpenAiSse(identity, reasoning));
  }
  if (request.stream) throw new UpstreamFailure("failed", "Workers AI did not return a stream");
  return singleChunk(encoder.encode(completionJson(identity, result, reasoning)));
}

function isAiRunner(value: unknown): value is AiRunner {
  return typeof value === "object" && value !== null && "run" in value && typeof value.run === "function";
}

function aiInputs(body: Record<string, unknown>, stream: boolean): Record<string, unknown> {
  const inputs: Record<string, unknown> = { messages: body.messages, stream };
  for (const key of ["max_tokens", "temperature", "top_p", "seed"]) {
    if (body[key] !== undefined && body[key] !== null) inputs[key] = body[key];
  }
  return inputs;
}

type Identity = { id: string; created: number; model: string };

/** Workers AI SSE payloads (`{"response":"…"}`, or OpenAI-style deltas on newer models) → OpenAI SSE bytes. */
function workersAiToOpenAiSse(identity: Identity, reasoning: boolean): TransformStream<string, Uint8Array> {
  const splitter = createThinkSplitter(reasoning);
  let usage: Record<string, unknown> | null = null;
  const send = (controller: TransformStreamDefaultController<Uint8Array>, pieces: TaggedText[]) => {
    for (const piece of pieces) controller.enqueue(sseBytes(chunkJson(identity, deltaOf(piece), null)));
  };
  return new TransformStream({
    transform(data, controller) {
      if (data === "[DONE]") return;
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch {
        // Passed on as-is so the consumer reports a malformed chunk the same way for every provider.
        controller.enqueue(encoder.encode(`data: ${data}\n\n`));
        return;
      }
      if (!isRecord(json)) return;
      if (isRecord(json.usage)) usage = json.usage;
      const { text, reasoningText } = textOf(json);
      if (reasoningText) send(controller, [{ kind: "reasoning", text: reasoningText }]);
      if (text) send(controller, splitter.push(text));
    },
    flush(controller) {
      send(controller, splitter.end());
      controller.enqueue(sseBytes(chunkJson(identity, {}, "stop")));
      if (usage) controller.enqueue(sseBytes(JSON.stringify({ ...base(identity), choices: [], usage })));
      controller.enqueue(encoder.encode("data: [DONE]\n\n"));
    },
  });
}

function textOf(json: Record<string, unknown>): { text: string; reasoningText: string } {
  if (typeof json.response === "string") return { text: json.response, reasoningText: "" };
  const choice = Array.isArray(json.choices) ? json.choices[0] : undefined;
  const delta = isRecord(choice) && isRecord(choice.delta) ? choice.delta : {};
  return {
    text: typeof delta.content === "string" ? delta.content : "",
    reasoningText: typeof delta.reasoning_content === "string" ? delta.reasoning_content : "",
  };
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

function completionJson(identity: Identity, result: unknown, reasoning: boolean): string {
  const record = isRecord(result) ? result : {};
  const raw = typeof record.response === "string" ? record.response : "";
  const splitter = createThinkSplitter(reasoning);
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
