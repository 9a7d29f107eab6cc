import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { ignoredParamsHeaders } from "../../formats/api-format.ts";
import { runChatPipeline } from "../../formats/chat-pipeline.ts";
import { jsonResponse, nativeJsonResponse, sseResponse } from "../../formats/dialect-response.ts";
import { dialectStream } from "../../formats/dialect-stream.ts";
import { splitIgnored } from "../../formats/ignored-params.ts";
import { readChatAnswer } from "../../formats/read-chat-answer.ts";
import { newResponseId } from "../../formats/responses/ids.ts";
import { responsesNative } from "../../formats/responses/native.ts";
import { type NativeResponse, nativeResponseSchema } from "../../formats/responses/native-response.ts";
import { responsesRequestSchema, responsesSchema } from "../../formats/responses/request-schema.ts";
import { resolveInput } from "../../formats/responses/resolve-input.ts";
import { outputItemsOf, responseObject, statusOf } from "../../formats/responses/response-object.ts";
import {
  deleteResponse,
  loadResponse,
  type StorableResponse,
  saveResponse,
} from "../../formats/responses/response-store.ts";
import { responsesRenderer } from "../../formats/responses/stream-renderer.ts";
import { responsesToChatBody } from "../../formats/responses/to-chat-body.ts";
import { compileOutputSchema, schemaMismatch } from "../../formats/structured/output-schema.ts";
import { AppError } from "../../http/app-error.ts";
import { readJsonBody } from "../../http/json-body.ts";
import { log } from "../../lib/log.ts";
import { promptTokensEstimate, promptTokensUpperBound } from "./chat-schema.ts";

/**
 * `POST /v1/responses` (OpenAI's Responses API), parsed into the internal chat request and sent through the same
 * pipeline as /v1/chat/completions; `store` (default true) keeps the answer 30 days for `previous_response_id`,
 * `GET` and `DELETE /v1/responses/:id`. A request DeepSeek serves goes to DeepSeek's own Responses endpoint and
 * its events (or its JSON) come back untouched (formats/responses/native.ts); the gateway keeps the state.
 */
export const responses = new Hono<AppEnv>();

responses.post("/", async (c) => {
  const { body: request, ignored } = splitIgnored(await readJsonBody(c, responsesRequestSchema), responsesSchema.shape);
  const key = c.get("apiKey");
  const resolved = await resolveInput(c.env.DB, key.id, request);
  const mapped = responsesToChatBody(request, request.model, resolved.previous, resolved.items);
  const format = request.text?.format;
  const schema = format?.type === "json_schema" ? compileOutputSchema(format, "text.format.schema") : null;
  const stream = request.stream === true;
  const shell = { id: newResponseId(), createdAt: Math.floor(Date.now() / 1000), model: request.model, request };
  // Stored before the client hears the response is complete: its next request may continue it at once.
  const store = (response: StorableResponse): Promise<void> | undefined => {
    if (request.store === false || response.status === "failed") return undefined;
    const previousId = request.previous_response_id ?? null;
    return saveResponse(c.env.DB, key.id, { response, previousId, input: mapped.input }).catch((error: unknown) =>
      log.error("response_store_failed", { requestId: c.get("requestId"), error: String(error) }),
    );
  };
  // DeepSeek was asked statelessly (store: false, no previous_response_id) for its catalog id: the copy the
  // gateway keeps (and a non-streamed answer) says what the client asked for.
  const echoed = (response: NativeResponse) => ({
    ...response,
    model: request.model,
    store: request.store !== false,
    previous_response_id: request.previous_response_id ?? null,
  });
  const storeNative = (response: NativeResponse) => store(echoed(response));
  const render = () => dialectStream(responsesRenderer(shell, { schema, onEnd: store }));
  // DeepSeek has no json_schema output: a schema stays translated (JSON mode, checked here).
  const native = schema
    ? undefined
    : responsesNative({ request, resolved, ignored: mapped.ignored, render, onEnd: storeNative });
  const { proxied, headers } = await runChatPipeline(c, {
    format: "responses",
    body: mapped.body,
    stream,
    clientWantsUsage: true,
    ...(native ? { native } : {}),
    maxOutput: { value: request.max_output_tokens ?? null, param: "max_output_tokens" },
    promptTokensEstimate: promptTokensEstimate(mapped.body),
    promptTokensUpperBound: promptTokensUpperBound(mapped.body),
  });
  const allHeaders = { ...headers, ...ignoredParamsHeaders([...ignored, ...mapped.ignored]) };
  // A native dialect's stream is already in Responses events, whoever served it (see NativeDialect).
  if (stream) return sseResponse(native ? proxied.body : proxied.body.pipeThrough(render()), allHeaders);
  if (proxied.native && proxied.bytes) {
    // proxyComplete checked it is a Response object; the one JSON body is re-encoded only for the echoed fields.
    const parsed = nativeResponseSchema.safeParse(JSON.parse(new TextDecoder().decode(proxied.bytes)));
    if (!parsed.success) return nativeJsonResponse(proxied.bytes, allHeaders);
    const response = echoed(parsed.data);
    await store(response);
    return jsonResponse(response, allHeaders);
  }
  const answer = readChatAnswer(proxied.bytes ?? new Uint8Array(await new Response(proxied.body).arrayBuffer()));
  const output = outputItemsOf(answer, shell.id);
  if (schema && answer.toolCalls.length === 0) {
    const problem = schema.check(answer.text);
    if (problem !== null) {
      const error = schemaMismatch(schema, problem);
      throw new AppError(502, error.message, { code: error.code, type: "server_error", headers: allHeaders });
    }
  }
  const response = responseObject(shell, statusOf(answer.finishReason), output, answer.usage);
  await store(response);
  return jsonResponse(response, allHeaders);
});

responses.get("/:id", async (c) => {
  const stored = await loadResponse(c.env.DB, c.get("apiKey").id, c.req.param("id"));
  if (!stored) throw notFound(c.req.param("id"));
  return jsonResponse(stored, {});
});

responses.delete("/:id", async (c) => {
  const id = c.req.param("id");
  if (!(await deleteResponse(c.env.DB, c.get("apiKey").id, id))) throw notFound(id);
  return jsonResponse({ id, object: "response.deleted", deleted: true }, {});
});

function notFound(id: string): AppError {
  return new AppError(404, `Response with id '${id}' not found.`, { code: "not_found", param: "response_id" });
}
