import { isRecord } from "../../lib/is-record.ts";
import { connectFirst } from "../attempt/failover.ts";
import { UpstreamFailure } from "../attempt/upstream-failure.ts";
import { needsReasoningRename } from "../providers/reasoning-field.ts";
import type { NativeAnswer, ProxyResponse, Served } from "../types.ts";
import { parseUsage } from "../wire/openai-chunks.ts";
import { renameReasoningMessage } from "../wire/reasoning-rename.ts";
import { openAttempt } from "./open-attempt.ts";
import type { ProxyCall } from "./proxy-outcome.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A non-streamed /v1 completion. The whole upstream body is read before anything is answered, so every failure
 * (a drop halfway through the JSON included) still fails over; the bound is `timeouts.completionMs`.
 * Keep-alive blank lines before the JSON are skipped; a self-hosted `reasoning` field becomes `reasoning_content`.
 */
export async function proxyComplete(call: ProxyCall): Promise<ProxyResponse> {
  const { context, chain, request, body, started } = call;
  const { firstTokenMs, completionMs } = context.config.routingPolicy.timeouts;
  const connected = await connectFirst(
    context,
    chain,
    request.signal,
    async (target, signal, extend) => {
      // A server that does not even answer with headers in time is as good as hung: fail over early. Once
      // headers are in, the same timer bounds the whole body by the completion timeout.
      // A dialect DeepSeek serves itself comes back from its own endpoint as it is (`native`).
      const { served, body: answerBody, native } = await openAttempt(context, target, request, body, signal);
      extend(completionMs);
      // The raw bytes are kept: when nothing must change they go out as they are (no re-encoding).
      const raw = new Uint8Array(await new Response(answerBody).arrayBuffer());
      const text = decoder.decode(raw);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new UpstreamFailure("failed", "the provider sent a malformed completion");
      }
      const answer = native && isRecord(json) ? native.readAnswer(json) : null;
      if (!isRecord(json) || (native ? answer === null : !Array.isArray(json.choices))) {
        throw new UpstreamFailure("failed", "the provider's completion has no choices");
      }
      return { served, completion: json, text, raw, answer };
    },
    Math.min(firstTokenMs, completionMs),
  );
  connected.release();
  const { served, completion, text, raw, answer } = connected.value;
  const engine = connected.target.engine;
  if (answer) return answered(served, raw, answer, Date.now() - started, true);
  const choice = Array.isArray(completion.choices) && isRecord(completion.choices[0]) ? completion.choices[0] : {};
  // The upstream's own bytes go out unless a self-hosted `reasoning` must be renamed (no re-serialising otherwise).
  const renamed = needsReasoningRename(engine) ? renameReasoningMessage(text) : text;
  const bytes = renamed !== text ? encoder.encode(renamed) : untrimmed(text) ? raw : encoder.encode(text.trim());
  const finishReason = typeof choice.finish_reason === "string" ? choice.finish_reason : null;
  return answered(served, bytes, { usage: parseUsage(completion.usage), finishReason }, Date.now() - started, false);
}

/** A whole answer's response (`native`: DeepSeek's own JSON in the client's dialect), metered from its usage. */
function answered(
  served: Served,
  bytes: Uint8Array,
  answer: NativeAnswer,
  totalMs: number,
  native: boolean,
): ProxyResponse {
  return {
    served,
    // Made only if someone reads it: /v1 sends `bytes`.
    get body() {
      return new Response(bytes).body!;
    },
    bytes,
    ...(native ? { native } : {}),
    done: Promise.resolve({
      served,
      usage: answer.usage,
      estimated: answer.usage === null,
      ttftMs: totalMs,
      totalMs,
      status: "complete",
      finishReason: answer.finishReason,
      error: null,
    }),
  };
}

/** Whether the body is exactly the JSON object, with no whitespace around it to trim. */
function untrimmed(text: string): boolean {
  return text.charCodeAt(0) === 0x7b && text.charCodeAt(text.length - 1) === 0x7d;
}
