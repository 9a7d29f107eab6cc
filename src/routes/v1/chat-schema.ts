import * as z from "zod";
import { requestedEfforts } from "../../inference/routing/policy-schema.ts";

const textPart = z.object({ type: z.literal("text"), text: z.string() });

/** Message content: a string, or an array of text parts (other part types are not supported by our models). */
const content = z.union([z.string(), z.array(textPart).min(1)], {
  error: 'must be a string or an array of `{type: "text", text}` parts',
});

const toolCall = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

/** One chat message (OpenAI's shape; `developer` is accepted as a synonym of `system`). */
export const chatMessageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer"]), content, name: z.string().optional() }),
  z.object({ role: z.literal("user"), content, name: z.string().optional() }),
  z.object({
    role: z.literal("assistant"),
    content: content.nullish(),
    name: z.string().optional(),
    tool_calls: z.array(toolCall).optional(),
    reasoning_content: z.string().nullish(),
  }),
  z.object({ role: z.literal("tool"), content, tool_call_id: z.string() }),
]);

const tool = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, `_` or `-`"),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().optional(),
  }),
});

/** OpenAI's `json_schema` response format: a named JSON Schema the answer must conform to. */
export const jsonSchemaFormat = z.object({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, `_` or `-`"),
  description: z.string().optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullish(),
});

/**
 * `POST /v1/chat/completions` body. Fields outside this allow-list are dropped, not forwarded:
 * the upstream only ever sees parameters we have checked.
 */
export const chatCompletionSchema = z.object({
  model: z.string().min(1, "is required").max(200),
  messages: z.array(chatMessageSchema).min(1, "must contain at least one message").max(2048),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.int().positive().nullish(),
  max_completion_tokens: z.int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(16)]).nullish(),
  seed: z.int().nullish(),
  user: z.string().max(256).nullish(),
  n: z
    .int()
    .nullish()
    .refine((n) => n == null || n === 1, "only n = 1 is supported: send one request per choice you need"),
  response_format: z
    .discriminatedUnion(
      "type",
      [
        z.object({ type: z.enum(["text", "json_object"]) }),
        z.object({ type: z.literal("json_schema"), json_schema: jsonSchemaFormat }),
      ],
      { error: "must be `text`, `json_object` or `json_schema`" },
    )
    .nullish(),
  tools: z.array(tool).max(128).nullish(),
  tool_choice: z
    .union([
      z.enum(["none", "auto", "required"]),
      z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
    ])
    .nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
  /** DeepSeek's thinking switch (enabled by default on thinking models; `deepseek-chat` means disabled). */
  thinking: z.object({ type: z.enum(["enabled", "disabled"]) }).nullish(),
  /** Any effort a client may send; mapped to DeepSeek's low|high|max (thinking.ts), `none` disables thinking. */
  reasoning_effort: z.enum(requestedEfforts).nullish(),
});

/** The same body, read loosely so that the fields it drops can be named (x-edgechat-ignored-params). */
export const chatCompletionRequestSchema = z.looseObject(chatCompletionSchema.shape);

/** What the token estimates read of an internal chat body (every dialect's mapped request has this shape). */
export type PromptShape = {
  messages: ReadonlyArray<{ content?: string | ReadonlyArray<{ text: string }> | null; tool_calls?: unknown }>;
  tools?: unknown;
};

/**
 * An upper bound on the prompt's tokens, for budget reservations: byte-level BPE never makes a token
 * of less than one UTF-8 byte, plus a few template tokens per message.
 */
export function promptTokensUpperBound(body: PromptShape): number {
  let bytes = 0;
  for (const message of body.messages) {
    bytes +=
      8 +
      utf8Length(textOf(message.content)) +
      (message.tool_calls ? utf8Length(JSON.stringify(message.tool_calls)) : 0);
  }
  if (body.tools) bytes += utf8Length(JSON.stringify(body.tools));
  return bytes;
}

/**
 * A typical-case prompt estimate (≈ 4 characters a token) for the tokens-per-minute window until the real
 * count is known; it only sums lengths, so it costs nothing on large prompts.
 */
export function promptTokensEstimate(body: PromptShape): number {
  let characters = 0;
  for (const message of body.messages) {
    const content = message.content;
    if (typeof content === "string") characters += content.length;
    else if (content) for (const part of content) characters += part.text.length;
    characters += 16;
  }
  return Math.ceil(characters / 4);
}

function textOf(value: string | ReadonlyArray<{ text: string }> | null | undefined): string {
  if (value == null) return "";
  if (typeof value === "string") return value;
  let out = "";
  for (const part of value) out += part.text;
  return out;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: one 4-byte code point over two UTF-16 units.
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}
