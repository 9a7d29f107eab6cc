import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { anthropicMessage } from "../../formats/anthropic/message-renderer.ts";
import { resolveModelAlias } from "../../formats/anthropic/model-aliases.ts";
import { anthropicNative } from "../../formats/anthropic/native.ts";
import { countTokensSchema, messagesRequestSchema, messagesSchema } from "../../formats/anthropic/request-schema.ts";
import { messagesToChatBody } from "../../formats/anthropic/to-chat-body.ts";
import { ignoredParamsHeaders } from "../../formats/api-format.ts";
import { requireModel, runChatPipeline } from "../../formats/chat-pipeline.ts";
import { jsonResponse, sseResponse } from "../../formats/dialect-response.ts";
import { splitIgnored } from "../../formats/ignored-params.ts";
import { readChatAnswer } from "../../formats/read-chat-answer.ts";
import { readJsonBody } from "../../http/json-body.ts";
import { promptTokensEstimate, promptTokensUpperBound } from "./chat-schema.ts";

/**
 * `POST /v1/messages` (Anthropic's Messages API) and `POST /v1/messages/count_tokens`: parsed into the internal
 * chat request, sent through the same pipeline as /v1/chat/completions (keys, limits, routing, failover,
 * metering). A request that DeepSeek serves goes to DeepSeek's own Anthropic endpoint and its events (or its
 * one JSON body) come back untouched (formats/anthropic/native.ts); other targets' answers are rendered in Anthropic's dialect.
 * `anthropic-version` and `anthropic-beta` are accepted and not needed.
 */
export const messages = new Hono<AppEnv>();

messages.post("/", async (c) => {
  const { body: request, ignored } = splitIgnored(await readJsonBody(c, messagesRequestSchema), messagesSchema.shape);
  const model = resolveModelAlias(c.get("config").anthropicModelAliases, request.model);
  const mapped = messagesToChatBody(request, model);
  const stream = request.stream === true;
  const identity = { id: `msg_${crypto.randomUUID().replaceAll("-", "")}`, model: request.model };
  const { proxied, headers } = await runChatPipeline(c, {
    format: "messages",
    body: mapped.body,
    stream,
    clientWantsUsage: true,
    // To DeepSeek: its own Anthropic endpoint, bytes untouched; other targets are rendered below.
    native: anthropicNative(request, mapped.ignored, identity),
    maxOutput: { value: request.max_tokens, param: "max_tokens" },
    promptTokensEstimate: promptTokensEstimate(mapped.body),
    promptTokensUpperBound: promptTokensUpperBound(mapped.body),
  });
  const allHeaders = { ...headers, ...ignoredParamsHeaders([...ignored, ...mapped.ignored]) };
  // The proxy answers a native dialect in that dialect, whoever served it (see NativeDialect).
  if (stream) return sseResponse(proxied.body, allHeaders);
  if (proxied.native && proxied.bytes) return echoModel(proxied.bytes, request.model, allHeaders);
  const answer = readChatAnswer(proxied.bytes ?? new Uint8Array(await new Response(proxied.body).arrayBuffer()));
  return jsonResponse(anthropicMessage(answer, identity), allHeaders);
});

messages.post("/count_tokens", async (c) => {
  const request = await readJsonBody(c, countTokensSchema);
  const model = resolveModelAlias(c.get("config").anthropicModelAliases, request.model);
  requireModel(c, model);
  const mapped = messagesToChatBody({ ...request, max_tokens: request.max_tokens ?? 1 }, model);
  return jsonResponse({ input_tokens: promptTokensEstimate(mapped.body) }, {});
});

/**
 * DeepSeek's own non-streamed message, with the model name the client asked for (Anthropic echoes it; DeepSeek
 * was asked for its catalog id): the one JSON body is re-encoded for that field only.
 */
function echoModel(bytes: Uint8Array, model: string, headers: Record<string, string>): Response {
  const message = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  return jsonResponse({ ...message, model }, headers);
}
