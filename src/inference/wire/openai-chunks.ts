import * as z from "zod";
import { streamBreak } from "../attempt/stream-end.ts";
import type { FinishReason, InferenceEvent, Usage } from "../types.ts";

// Lenient at the edge: every field may be missing or null; the mapping below decides what counts.
const usageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  prompt_cache_hit_tokens: z.number().nullish(),
  prompt_cache_miss_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
});

const chunkSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        delta: z
          .looseObject({
            content: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema.nullish(),
  error: z.looseObject({ message: z.string().nullish(), code: z.unknown() }).nullish(),
});

type RawUsage = z.infer<typeof usageSchema>;

/** Maps an OpenAI-style usage object (DeepSeek's cache fields or OpenAI's cached_tokens) to edgechat's Usage. */
function normaliseUsage(raw: RawUsage): Usage {
  const prompt = raw.prompt_tokens ?? 0;
  const hit = raw.prompt_cache_hit_tokens ?? raw.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    promptTokens: prompt,
    completionTokens: raw.completion_tokens ?? 0,
    reasoningTokens: raw.completion_tokens_details?.reasoning_tokens ?? 0,
    cacheHitTokens: hit,
    cacheMissTokens: raw.prompt_cache_miss_tokens ?? Math.max(0, prompt - hit),
  };
}

/** Parses a usage object found in a chunk (used by the pass-through proxy on the one chunk that has it). */
export function parseUsage(value: unknown): Usage | null {
  const parsed = usageSchema.safeParse(value);
  return parsed.success ? normaliseUsage(parsed.data) : null;
}

/** Maps OpenAI's finish reasons (and the odd server's variants) to ours. */
function mapFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "length":
      return "length";
    case "content_filter":
      return "content_filter";
    case "tool_calls":
    case "function_call":
      return "tool_calls";
    default:
      return "stop";
  }
}

/**
 * `chat.completion.chunk` payloads in, normalised events out. Usage comes before `finish` (upstreams send the
 * usage chunk after the finish chunk); `finish` is emitted on `[DONE]`, or at the end when a finish reason was seen.
 * A payload that is not JSON, an upstream error object, or an end without any finish (stream-end.ts) becomes an
 * `error` event, and the events stop there.
 */
export function chunksToEvents(): TransformStream<string, InferenceEvent> {
  let finish: FinishReason | null = null;
  let ended = false;
  const end = (controller: TransformStreamDefaultController<InferenceEvent>, event: InferenceEvent) => {
    if (ended) return;
    ended = true;
    controller.enqueue(event);
  };
  return new TransformStream({
    transform(data, controller) {
      if (ended) return;
      if (data === "[DONE]") return end(controller, { type: "finish", reason: finish ?? "stop" });
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch {
        return end(controller, {
          type: "error",
          code: "upstream_malformed",
          message: "The provider sent a malformed chunk.",
        });
      }
      const parsed = chunkSchema.safeParse(json);
      if (!parsed.success) return;
      const chunk = parsed.data;
      if (chunk.error) {
        const message = chunk.error.message ?? "The provider reported an error.";
        return end(controller, { type: "error", code: "upstream_error", message });
      }
      const choice = chunk.choices?.[0];
      const reasoning = choice?.delta?.reasoning_content ?? choice?.delta?.reasoning;
      if (reasoning) controller.enqueue({ type: "reasoning-delta", text: reasoning });
      const content = choice?.delta?.content;
      if (content) controller.enqueue({ type: "text-delta", text: content });
      if (choice?.finish_reason) finish = mapFinishReason(choice.finish_reason);
      if (chunk.usage) controller.enqueue({ type: "usage", usage: normaliseUsage(chunk.usage), estimated: false });
    },
    flush(controller) {
      if (finish !== null) return end(controller, { type: "finish", reason: finish });
      end(controller, { type: "error", ...streamBreak("ended-early") });
    },
  });
}
