import * as z from "zod";
import { jsonSchemaFormat } from "../../routes/v1/chat-schema.ts";

const inputText = z.looseObject({ type: z.enum(["input_text", "output_text", "text"]), text: z.string() });
const refusal = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });
const contentPart = z.discriminatedUnion("type", [inputText, refusal], {
  error: "must be `input_text` or `output_text` parts (images and files are not supported)",
});

const message = z.looseObject({
  type: z.literal("message").optional(),
  id: z.string().optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(contentPart)]),
});

const functionCall = z.looseObject({
  type: z.literal("function_call"),
  id: z.string().optional(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

const functionCallOutput = z.looseObject({
  type: z.literal("function_call_output"),
  id: z.string().optional(),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(inputText)]),
});

const reasoning = z.looseObject({
  type: z.literal("reasoning"),
  id: z.string().optional(),
  summary: z.array(z.looseObject({ text: z.string() })).optional(),
  content: z.array(z.looseObject({ text: z.string() })).nullish(),
});

const itemReference = z.looseObject({ type: z.literal("item_reference"), id: z.string().min(1) });

/** One input item: a message, a function call and its output, a reasoning item, or a reference to a stored item. */
export const inputItem = z.union([message, functionCall, functionCallOutput, reasoning, itemReference], {
  error: "must be a message, `function_call`, `function_call_output`, `reasoning` or `item_reference` item",
});

export type InputItem = z.infer<typeof inputItem>;

const functionTool = z.looseObject({
  type: z.literal("function"),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, `_` or `-`"),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

/** A tool: function tools run here; OpenAI's hosted tools (`web_search`, `file_search`…) are listed as ignored. */
const tool = z.union([functionTool, z.looseObject({ type: z.string() })]);

const textFormat = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("text") }),
    z.object({ type: z.literal("json_object") }),
    jsonSchemaFormat.extend({ type: z.literal("json_schema") }),
  ],
  { error: "must be `text`, `json_object` or `json_schema`" },
);

/** `POST /v1/responses` body (OpenAI's Responses API), the fields this gateway acts on. */
export const responsesSchema = z.object({
  model: z.string().min(1, "is required").max(200),
  input: z.union([z.string(), z.array(inputItem).max(4096)]),
  instructions: z.string().nullish(),
  tools: z.array(tool).max(128).nullish(),
  tool_choice: z
    .union([z.enum(["none", "auto", "required"]), z.looseObject({ type: z.literal("function"), name: z.string() })])
    .nullish(),
  reasoning: z
    .looseObject({
      effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh", "max"]).nullish(),
      summary: z.string().nullish(),
    })
    .nullish(),
  text: z.looseObject({ format: textFormat.nullish(), verbosity: z.string().nullish() }).nullish(),
  max_output_tokens: z.int().positive().nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  user: z.string().max(256).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
});

export type ResponsesBody = z.infer<typeof responsesSchema>;

/** The same body read loosely, so that dropped fields can be named. */
export const responsesRequestSchema = z.looseObject(responsesSchema.shape);
