import * as z from "zod";

/** OpenAI's error body, the only error shape under /v1. */
export const errorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    code: z.string().nullable(),
    param: z.string().nullable(),
  }),
});

/** Token usage as the upstream reports it (DeepSeek's fields included). */
export const usageSchema = z.object({
  prompt_tokens: z.int(),
  completion_tokens: z.int(),
  total_tokens: z.int(),
  prompt_cache_hit_tokens: z.int().optional(),
  prompt_cache_miss_tokens: z.int().optional(),
  completion_tokens_details: z.object({ reasoning_tokens: z.int() }).optional(),
});

const assistantMessage = z.object({
  role: z.literal("assistant"),
  content: z.string().nullable(),
  reasoning_content: z.string().nullable().optional().describe("Reasoning models: the reasoning before the answer."),
  tool_calls: z.array(z.unknown()).optional(),
});

/** A non-streamed chat completion. */
export const chatCompletionResponseSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.int(),
  model: z.string(),
  choices: z.array(z.object({ index: z.int(), message: assistantMessage, finish_reason: z.string().nullable() })),
  usage: usageSchema,
});

/** One `data:` event of a streamed chat completion; the last one carries `usage` when asked for. */
export const chatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.int(),
      delta: z.object({
        role: z.literal("assistant").optional(),
        content: z.string().nullable().optional(),
        reasoning_content: z.string().nullable().optional(),
      }),
      finish_reason: z.string().nullable(),
    }),
  ),
  usage: usageSchema.nullable().optional(),
});
