import * as z from "zod";
import { bodyLimits } from "../../http/body-limit.ts";
import { createKeySchema } from "../admin-keys.ts";
import { chatCompletionSchema } from "./chat-schema.ts";
import { modelListSchema, modelSchema } from "./models-schema.ts";
import { anthropicErrorSchema, formatPaths, registerFormatSchemas } from "./openapi-formats.ts";
import {
  chatCompletionChunkSchema,
  chatCompletionResponseSchema,
  errorSchema,
  usageSchema,
} from "./response-schemas.ts";
import { usageReportSchema, usageRowSchema } from "./usage-schema.ts";

type Json = Record<string, unknown>;

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: Json): Json => ({ "application/json": { schema } });

function errors(statuses: Record<number, string>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [status, description] of Object.entries(statuses))
    out[status] = { description, content: json(ref("Error")) };
  return out;
}

const rateLimitHeaders: Json = Object.fromEntries(
  ["limit", "remaining", "reset"].flatMap((what) =>
    ["requests", "tokens"].map((unit) => [`x-ratelimit-${what}-${unit}`, { schema: { type: "string" } }]),
  ),
);

function buildDocument(): Json {
  // One registry of our own, so the document holds exactly the API's schemas.
  const registry = z.registry<{ id: string }>();
  registry.add(chatCompletionSchema, { id: "ChatCompletionRequest" });
  registry.add(chatCompletionResponseSchema, { id: "ChatCompletion" });
  registry.add(chatCompletionChunkSchema, { id: "ChatCompletionChunk" });
  registry.add(usageSchema, { id: "Usage" });
  registry.add(modelSchema, { id: "Model" });
  registry.add(modelListSchema, { id: "ModelList" });
  registry.add(usageRowSchema, { id: "UsageRow" });
  registry.add(usageReportSchema, { id: "UsageReport" });
  registry.add(errorSchema, { id: "Error" });
  registry.add(createKeySchema, { id: "CreateKeyRequest" });
  registerFormatSchemas(registry);
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  });
  for (const schema of Object.values(schemas)) delete (schema as Json).$schema;
  (schemas as Record<string, unknown>).AnthropicError = anthropicErrorSchema;

  const bearer = [{ apiKey: [] }];
  return {
    openapi: "3.1.0",
    info: {
      title: "edgechat partner API",
      version: "1.0.0",
      description:
        "OpenAI-compatible chat completions, OpenAI's Responses API, Anthropic's Messages API, fill-in-the-middle completions and embeddings on DeepSeek models, metered per key. Authenticate with `Authorization: Bearer ec_…` (or `x-api-key`); a revoked key stops working within 30 seconds (the isolate key cache's lifetime). Requests and tokens per minute are counted per key across all locations; chat completions carry OpenAI's `x-ratelimit-*` headers. A key with a monthly budget (UTC calendar month) has each request's worst case (prompt plus `max_tokens`, or the model's maximum output, at the model's prices) reserved before it runs and settled to the real cost after, so concurrent requests never spend past the budget; send a smaller `max_tokens` to fit a nearly spent budget. Usage is the upstream's own count, streamed or not (edgechat always asks for it); when the upstream gives none (client hang-up, broken stream) it is estimated and marked so. `/v1/usage` reflects a request within about a second.",
    },
    servers: [{ url: "/" }],
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A partner key (`ec_…`)." },
        xApiKey: {
          type: "apiKey",
          in: "header",
          name: "x-api-key",
          description: "The same partner key, as Anthropic's clients send it.",
        },
        adminToken: { type: "http", scheme: "bearer", description: "The operator's ADMIN_TOKEN." },
      },
    },
    paths: {
      "/v1/chat/completions": {
        post: {
          summary: "Create a chat completion",
          description: `Streamed (\`stream: true\`, server-sent events ending with \`data: [DONE]\`) or not. Reasoning models send \`reasoning_content\` before \`content\`. Usage comes on the last chunk before \`[DONE]\`: DeepSeek puts it on its finish chunk whether or not \`stream_options.include_usage\` is set; other providers send it only with it, as a final chunk with empty \`choices\`. Only \`n = 1\`. A streamed response starts (200) as soon as a provider accepts the request; a failure after that, even before the first token, arrives in the stream: a chunk with \`finish_reason: "error"\`, a \`data: {"error": …}\` event, then \`[DONE]\` (a provider that fails before its first token is still replaced by the next one first). Bodies over ${bodyLimits.v1} bytes are refused (413).`,
          security: bearer,
          requestBody: { required: true, content: json(ref("ChatCompletionRequest")) },
          responses: {
            200: {
              description: "The completion (JSON), or its chunks (text/event-stream).",
              headers: rateLimitHeaders,
              content: { ...json(ref("ChatCompletion")), "text/event-stream": { schema: ref("ChatCompletionChunk") } },
            },
            ...errors({
              400: "Invalid request (the `param` names the field).",
              401: "Missing, invalid or revoked key.",
              402: "Monthly budget exhausted (`insufficient_quota`).",
              403: "The model or region is not allowed for this key.",
              404: "Unknown model.",
              413: "Request body too large.",
              429: "Rate limited; see `retry-after`.",
              502: "Upstream failed.",
              503: "No upstream available.",
              504: "Upstream timed out.",
            }),
          },
        },
      },
      ...formatPaths(),
      "/v1/models": {
        get: {
          summary: "List the models this key may use",
          security: bearer,
          responses: {
            200: { description: "Models.", content: json(ref("ModelList")) },
            ...errors({ 401: "Bad key." }),
          },
        },
      },
      "/v1/usage": {
        get: {
          summary: "This key's usage by UTC day and model",
          security: bearer,
          parameters: ["start", "end"].map((name) => ({
            name,
            in: "query",
            required: false,
            schema: { type: "string", format: "date" },
            description:
              name === "start" ? "First day (default: the 1st of this month)." : "Last day (default: today).",
          })),
          responses: {
            200: { description: "Usage rows.", content: json(ref("UsageReport")) },
            ...errors({ 400: "Bad dates.", 401: "Bad key." }),
          },
        },
      },
      "/admin/api/keys": {
        post: {
          summary: "Create a key (the key is in this response only)",
          security: [{ adminToken: [] }],
          requestBody: { required: true, content: json(ref("CreateKeyRequest")) },
          responses: {
            201: { description: "The new key, with `key` in clear." },
            ...errors({ 400: "Invalid.", 401: "Bad admin token." }),
          },
        },
        get: {
          summary: "List keys (prefixes only)",
          security: [{ adminToken: [] }],
          responses: { 200: { description: "Keys." }, ...errors({ 401: "Bad admin token." }) },
        },
      },
      "/admin/api/keys/{id}": {
        delete: {
          summary: "Revoke a key",
          security: [{ adminToken: [] }],
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: { description: "Revoked." }, ...errors({ 401: "Bad admin token.", 404: "No live key." }) },
        },
      },
    },
  };
}

let document: Json | null = null;

/** The OpenAPI 3.1 document, generated once per isolate from the zod schemas the routes validate with. */
export function openApiDocument(): Json {
  document ??= buildDocument();
  return document;
}
