import { AppError } from "../../http/app-error.ts";
import { type Connected, connectFirst } from "../attempt/failover.ts";
import { failedBeforeStart } from "../attempt/stream-end.ts";
import { UpstreamFailure } from "../attempt/upstream-failure.ts";
import { needsReasoningRename } from "../providers/reasoning-field.ts";
import type { InferenceContext, ProxyOutcome, ProxyRequest, ProxyResponse, RouteTarget, Served } from "../types.ts";
import { errorTail, identityOf } from "../wire/sse-passthrough.ts";
import { openAttempt } from "./open-attempt.ts";
import { nativeStream, openAiWire } from "./proxy-native.ts";
import type { ProxyCall } from "./proxy-outcome.ts";
import { pumpStream } from "./proxy-pump.ts";

const FIRST_EVENT = /(^|\n)data:/;
const encoder = new TextEncoder();

/** What an attempt holds once its target sent its first event. */
type FirstEvent = {
  served: Served;
  toClient: ReadableStream<Uint8Array> | null;
  toRead: ReadableStream<Uint8Array>;
  reader: ReadableStreamDefaultReader<Uint8Array>;
  first: Uint8Array[];
  seen: string;
};

/**
 * A streamed /v1 completion. The response is committed (200 and its headers) as soon as a target *accepts* the
 * request (answers 200), so that the client's connection is ready while the model thinks; the wait for the
 * first token then happens inside the body. Failover is unchanged by this: a target that accepted but goes
 * silent past the first-token timeout, or ends before its first event, is replaced by the next one in the
 * same body, and none of its bytes reach the client. Failures before any target accepts keep their HTTP
 * status (503 with retry-after, 400 for a request the provider refused). If every target fails after one
 * accepted, the body ends with the usual error tail (finish_reason "error", an error event, [DONE]).
 */
export async function proxyStream(call: ProxyCall): Promise<ProxyResponse> {
  const { context, chain, request, body, started } = call;
  let accept: (served: Served) => void = () => undefined;
  const accepted = new Promise<Served>((resolve) => {
    accept = resolve;
  });
  const connecting = connectFirst(context, chain, request.signal, async (target, signal) => {
    const upstream = await openAttempt(context, target, request, body, signal);
    accept(upstream.served);
    // A stream no byte of which must change goes to the client by the runtime's own pipe (proxy-native.ts); the
    // first events are read from a tee'd copy so that the client's copy stays untouched.
    const native = passesUnchanged(target, request);
    const [toClient, toRead] = native ? upstream.body.tee() : [null, upstream.body];
    const reader = toRead.getReader();
    const decoder = new TextDecoder();
    const first: Uint8Array[] = [];
    let seen = "";
    try {
      while (!FIRST_EVENT.test(seen)) {
        const { done, value } = await reader.read();
        if (done) throw new UpstreamFailure("failed", "the stream ended before the first token");
        first.push(value);
        seen += decoder.decode(value, { stream: true });
      }
    } catch (error) {
      // This target is left for the next one: none of its bytes may reach the client.
      void toClient?.cancel().catch(() => undefined);
      throw error;
    }
    return { served: upstream.served, toClient, toRead, reader, first, seen } satisfies FirstEvent;
  });
  // Rejects (with the failure's own status) only when no target accepted at all.
  const committed = await Promise.race([accepted, connecting.then((connected) => connected.value.served)]);
  const { readable, writable } = new IdentityTransformStream();
  const done = connecting.then(
    (connected) => relay(context, request, connected, committed, writable, started),
    (error: unknown) => failAfterCommit(request, committed, writable, error, started),
  );
  return { served: committed, body: readable, done };
}

/**
 * True when the target's stream is already what the client must get, so it can bypass JavaScript:
 * - DeepSeek, whether or not the client asked for usage: it puts the usage on its finish chunk either way (see
 *   upstreamBody), and its own Messages and Responses streams are the client's format.
 * - A self-hosted server that spells reasoning `reasoning_content` (SGLang, llama.cpp), for a /v1 chat client
 *   that asked for usage: such servers send OpenAI's usage-only chunk (`choices: []`), which the client then
 *   expects. Otherwise that chunk (or vLLM's and Ollama's `reasoning`) must be rewritten: proxy-pump.ts.
 */
export function passesUnchanged(
  target: RouteTarget,
  request: Pick<ProxyRequest, "clientWantsUsage" | "native">,
): boolean {
  if (target.provider === "deepseek") return true;
  return (
    target.provider === "self-hosted" &&
    !request.native &&
    request.clientWantsUsage === true &&
    !needsReasoningRename(target.engine)
  );
}

/** Sends the answering target's stream into the committed body and resolves with how it ended. */
async function relay(
  context: InferenceContext,
  request: ProxyRequest,
  connected: Connected<FirstEvent>,
  committed: Served,
  writable: WritableStream<Uint8Array>,
  started: number,
): Promise<ProxyOutcome> {
  const { served, toClient, toRead, reader, first, seen } = connected.value;
  if (served.targetId !== committed.targetId) {
    // The headers name the target that accepted first; say in the stream (an SSE comment, ignored by clients
    // that do not look) who answered instead. The usage record names it too.
    const writer = writable.getWriter();
    await writer
      .write(encoder.encode(`: edgechat-served-by provider=${served.provider} model=${served.model}\n\n`))
      .catch(() => undefined);
    writer.releaseLock();
  }
  const job = { context, request, served, connected, started, ttftMs: Date.now() - started };
  reader.releaseLock();
  if (toClient) {
    return nativeStream(job, toClient, toRead, first, request.native?.wire ?? openAiWire(seen, served.model), writable);
  }
  const renameReasoning = needsReasoningRename(connected.target.engine);
  // A Messages or Responses client of a target that is not DeepSeek: the chat stream goes through its renderer.
  const renderer = request.native?.render() ?? null;
  renderer?.readable.pipeTo(writable).catch(() => undefined);
  const into = renderer?.writable ?? writable;
  return pumpStream(job, toRead, first, identityOf(seen, served.model), renameReasoning, into);
}

/** Every target failed (or the client left) after the response was committed: end the body explicitly. */
async function failAfterCommit(
  request: ProxyRequest,
  committed: Served,
  writable: WritableStream<Uint8Array>,
  error: unknown,
  started: number,
): Promise<ProxyOutcome> {
  const cancelled = request.signal?.aborted === true;
  const failure = error instanceof AppError ? { code: error.code, message: error.message } : failedBeforeStart();
  const writer = writable.getWriter();
  try {
    const tail = request.native
      ? request.native.wire.errorTail(failure.code, failure.message)
      : errorTail(identityOf("", request.model), failure.code, failure.message);
    if (!cancelled) await writer.write(tail);
    await writer.close();
  } catch {
    // The client is gone: nothing more can be said to it.
  }
  return {
    served: committed,
    usage: null,
    estimated: false,
    ttftMs: null,
    totalMs: Date.now() - started,
    status: cancelled ? "cancelled" : "error",
    finishReason: cancelled ? "cancelled" : "error",
    error: cancelled ? null : failure,
  };
}
