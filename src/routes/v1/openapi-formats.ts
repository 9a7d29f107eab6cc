import type * as z from "zod";
import { countTokensSchema, messagesSchema } from "../../formats/anthropic/request-schema.ts";
import { completionsSchema } from "../../formats/completions/request-schema.ts";
import { embeddingsSchema } from "../../formats/embeddings/request-schema.ts";
import { responsesSchema } from "../../formats/responses/request-schema.ts";

type Json = Record<string, unknown>;
type Registry = ReturnType<typeof z.registry<{ id: string }>>;

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: Json): Json => ({ "application/json": { schema } });
const sse = (description: string): Json => ({ "text/event-stream": { schema: { type: "string", description } } });

function errors(shape: "Error" | "AnthropicError", statuses: Record<number, string>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [status, description] of Object.entries(statuses))
    out[status] = { description, content: json(ref(shape)) };
  return out;
}

const common = {
  400: "Invalid request (the error names the field).",
  401: "Missing, invalid or revoked key.",
  402: "Monthly budget exhausted.",
  403: "The model or region is not allowed for this key.",
  404: "Unknown model.",
  429: "Rate limited; see `retry-after` and `retry-after-ms` (at most 60,000).",
  502: "The providers failed (or the answer broke the requested JSON schema: `output_schema_mismatch`).",
  503: "No provider available.",
};

/** Registers the request schemas of the Responses, Messages, FIM and embeddings endpoints. */
export function registerFormatSchemas(registry: Registry): void {
  registry.add(responsesSchema, { id: "ResponsesRequest" });
  registry.add(messagesSchema, { id: "MessagesRequest" });
  registry.add(countTokensSchema, { id: "CountTokensRequest" });
  registry.add(completionsSchema, { id: "CompletionsRequest" });
  registry.add(embeddingsSchema, { id: "EmbeddingsRequest" });
}

/** Anthropic's error shape, answered on /v1/messages. */
export const anthropicErrorSchema: Json = {
  type: "object",
  required: ["type", "error"],
  properties: {
    type: { const: "error" },
    error: {
      type: "object",
      required: ["type", "message"],
      properties: { type: { type: "string" }, message: { type: "string" } },
    },
  },
};

/** The OpenAPI paths of the Responses, Messages, FIM and embeddings endpoints. */
export function formatPaths(): Json {
  const bearer = [{ apiKey: [] }, { xApiKey: [] }];
  const anthropic = [{ xApiKey: [] }, { apiKey: [] }];
  const id = {
    name: "id",
    in: "path",
    required: true,
    schema: { type: "string" },
    description: "A response id (`resp_…`).",
  };
  return {
    "/v1/responses": {
      post: {
        summary: "Create a response (OpenAI's Responses API)",
        description:
          "`input` as a string or items (messages, `function_call`, `function_call_output`, `reasoning`, `item_reference`), `instructions`, function `tools`, `tool_choice`, `reasoning.effort` (`none` turns thinking off), `text.format` (`json_schema` included), `max_output_tokens`. Streamed as semantic events: `response.created`, `response.output_item.added`, `response.reasoning_summary_text.delta`, `response.output_text.delta`, `response.function_call_arguments.delta`, …`done`, then `response.completed` (or `response.incomplete`, or `response.failed`). With `store` (the default) the response is kept 30 days for `previous_response_id`. Send reasoning items back with function calls in thinking mode.",
        security: bearer,
        requestBody: { required: true, content: json(ref("ResponsesRequest")) },
        responses: {
          200: {
            description: "The Response object (JSON), or its events (text/event-stream).",
            content: { ...json({ type: "object" }), ...sse("Responses API events") },
          },
          ...errors("Error", common),
        },
      },
    },
    "/v1/responses/{id}": {
      get: {
        summary: "Retrieve a stored response",
        security: bearer,
        parameters: [id],
        responses: {
          200: { description: "The Response object." },
          ...errors("Error", { 401: common[401], 404: "No such response for this key." }),
        },
      },
      delete: {
        summary: "Delete a stored response",
        security: bearer,
        parameters: [id],
        responses: {
          200: { description: '`{id, object: "response.deleted", deleted: true}`.' },
          ...errors("Error", { 401: common[401], 404: "No such response for this key." }),
        },
      },
    },
    "/v1/messages": {
      post: {
        summary: "Create a message (Anthropic's Messages API)",
        description:
          "`system`, content blocks, `tools` / `tool_use` / `tool_result`, `thinking` (`enabled` with `budget_tokens`, or `disabled`), `stop_sequences`. Streamed as `message_start`, `ping`, `content_block_start` / `content_block_delta` (`text_delta`, `thinking_delta`, `input_json_delta`) / `content_block_stop`, `message_delta`, `message_stop`. Authenticate with `x-api-key` (or Bearer); `anthropic-version` is accepted. `claude-opus*` names map to deepseek-v4-pro and other `claude*` names to deepseek-flash (configurable with ANTHROPIC_MODEL_ALIASES). Errors use Anthropic's shape.",
        security: anthropic,
        requestBody: { required: true, content: json(ref("MessagesRequest")) },
        responses: {
          200: {
            description: "The message (JSON), or its events (text/event-stream).",
            content: { ...json({ type: "object" }), ...sse("Anthropic Messages events") },
          },
          ...errors("AnthropicError", common),
        },
      },
    },
    "/v1/messages/count_tokens": {
      post: {
        summary: "Estimate a Messages request's input tokens",
        security: anthropic,
        requestBody: { required: true, content: json(ref("CountTokensRequest")) },
        responses: {
          200: { description: "`{input_tokens}`." },
          ...errors("AnthropicError", { 400: common[400], 401: common[401], 404: common[404] }),
        },
      },
    },
    "/v1/completions": {
      post: {
        summary: "Fill in the middle (code completion)",
        description:
          "`prompt` before the gap and `suffix` after it; non-thinking only, at most 4,096 output tokens. Served by DeepSeek's FIM (beta) or a self-hosted server's completions endpoint; the answer is OpenAI's `text_completion`.",
        security: bearer,
        requestBody: { required: true, content: json(ref("CompletionsRequest")) },
        responses: {
          200: {
            description: "The completion (JSON), or its chunks (text/event-stream).",
            content: { ...json({ type: "object" }), ...sse("text_completion chunks") },
          },
          ...errors("Error", common),
        },
      },
    },
    "/v1/embeddings": {
      post: {
        summary: "Create embeddings",
        description:
          "One text or a batch (up to 2,048); `encoding_format` `float` or `base64`. Models: see /docs (Workers AI's embedding models, and self-hosted servers that declare them). Metered per input token.",
        security: bearer,
        requestBody: { required: true, content: json(ref("EmbeddingsRequest")) },
        responses: {
          200: { description: '`{object: "list", data: [{embedding, index}], usage}`.' },
          ...errors("Error", common),
        },
      },
    },
  };
}
