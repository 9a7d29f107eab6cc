import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { ignoredParamsHeaders } from "../../formats/api-format.ts";
import { runChatPipeline } from "../../formats/chat-pipeline.ts";
import { splitIgnored } from "../../formats/ignored-params.ts";
import { schemaOfResponseFormat } from "../../formats/structured/output-schema.ts";
import { conformingCompletion, conformingStream } from "../../formats/structured/validate-chat-output.ts";
import { readJsonBody } from "../../http/json-body.ts";
import {
  chatCompletionRequestSchema,
  chatCompletionSchema,
  promptTokensEstimate,
  promptTokensUpperBound,
} from "./chat-schema.ts";

/** `POST /v1/chat/completions`: validate, then the shared pipeline (admission, routing, failover, metering). */
export const chatCompletions = new Hono<AppEnv>();

chatCompletions.post("/", async (c) => {
  const { body, ignored } = splitIgnored(
    await readJsonBody(c, chatCompletionRequestSchema),
    chatCompletionSchema.shape,
  );
  const stream = body.stream === true;
  const schema = schemaOfResponseFormat(body.response_format);
  const { proxied, headers } = await runChatPipeline(c, {
    format: "chat",
    body,
    stream,
    clientWantsUsage: stream && body.stream_options?.include_usage === true,
    maxOutput: {
      value: body.max_completion_tokens ?? body.max_tokens ?? null,
      param: body.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens",
    },
    promptTokensEstimate: promptTokensEstimate(body),
    promptTokensUpperBound: promptTokensUpperBound(body),
  });
  const allHeaders = { ...headers, ...ignoredParamsHeaders(ignored) };
  if (stream) {
    // Only a json_schema request pays for reading the stream: everything else is passed through untouched.
    const out = schema ? proxied.body.pipeThrough(conformingStream(schema)) : proxied.body;
    return new Response(out, {
      status: 200,
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...allHeaders },
    });
  }
  // A body already in memory goes out with its length (measured: ~10% more non-streamed req/s than a stream).
  const bytes = schema ? conformingCompletion(proxied.bytes ?? new Uint8Array(), schema) : proxied.bytes;
  return new Response(bytes ?? proxied.body, {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8", ...allHeaders },
  });
});
