import * as z from "zod";

const cacheControl = z.object({ type: z.string() }).passthrough().nullish();

const textBlock = z.object({ type: z.literal("text"), text: z.string(), cache_control: cacheControl }).passthrough();

const toolResultBlock = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(textBlock)]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

const toolUseBlock = z.object({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
});

const thinkingBlock = z.object({ type: z.literal("thinking"), thinking: z.string(), signature: z.string().optional() });
const redactedThinkingBlock = z.object({ type: z.literal("redacted_thinking"), data: z.string() });

const block = z.discriminatedUnion(
  "type",
  [textBlock, toolResultBlock, toolUseBlock, thinkingBlock, redactedThinkingBlock],
  { error: "must be a `text`, `tool_use`, `tool_result` or `thinking` block (images and documents are not supported)" },
);

export type AnthropicBlock = z.infer<typeof block>;

const message = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.union([z.string(), z.array(block)]),
});

export type AnthropicMessage = z.infer<typeof message>;

/** A custom (client-run) tool; Anthropic's server tools (`web_search_…`, `bash_…`) have a dated `type`. */
const tool = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, `_` or `-`"),
    type: z.string().optional(),
    description: z.string().optional(),
    input_schema: z.record(z.string(), z.unknown()).optional(),
    cache_control: cacheControl,
  })
  .passthrough();

const toolChoice = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auto"), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal("any"), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal("tool"), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal("none") }),
]);

const thinking = z.discriminatedUnion("type", [
  z.object({ type: z.literal("enabled"), budget_tokens: z.int().min(1) }),
  z.object({ type: z.literal("disabled") }),
  z.object({ type: z.literal("adaptive") }),
]);

/**
 * `POST /v1/messages` body (Anthropic's Messages API). Known fields only go further; the rest is listed in
 * x-edgechat-ignored-params.
 */
export const messagesSchema = z.object({
  model: z.string().min(1, "is required").max(200),
  max_tokens: z.int().positive(),
  messages: z.array(message).min(1, "must contain at least one message").max(2048),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  stop_sequences: z.array(z.string()).max(16).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.int().optional(),
  tools: z.array(tool).max(128).optional(),
  tool_choice: toolChoice.optional(),
  thinking: thinking.optional(),
  metadata: z
    .object({ user_id: z.string().max(256).nullish() })
    .passthrough()
    .optional(),
  service_tier: z.string().optional(),
});

export type MessagesBody = z.infer<typeof messagesSchema>;

/** The same body read loosely, so that dropped fields can be named. */
export const messagesRequestSchema = z.looseObject(messagesSchema.shape);

/** `POST /v1/messages/count_tokens` body: the request without the output settings. */
export const countTokensSchema = messagesSchema
  .omit({ max_tokens: true, stream: true, stop_sequences: true, temperature: true, top_p: true, top_k: true })
  .extend({ max_tokens: z.int().positive().optional() });
