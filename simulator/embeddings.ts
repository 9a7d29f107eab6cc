import type { IncomingMessage, ServerResponse } from "node:http";
import { vllmModelNotFound } from "./catalog.ts";
import { beginExchange, type ServerContext, undeserializable } from "./exchange.ts";
import { sendJson } from "./io.ts";
import { selfHosted } from "./options.ts";
import { errorJson } from "./protocol.ts";

const DEFAULT_DIMENSIONS = 1024;

/**
 * `POST /v1/embeddings` on a vLLM server (OpenAI's embeddings shape; batched `input`, optional `dimensions` and
 * `encoding_format: "base64"`; https://docs.vllm.ai/en/latest/serving/openai_compatible_server/). DeepSeek's API
 * has no embeddings endpoint, so the DeepSeek engine answers 404.
 */
export async function handleEmbeddings(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  pathOptions: Record<string, string>,
  path: string,
): Promise<void> {
  const exchange = await beginExchange(req, res, ctx, pathOptions, path, "embeddings");
  if (!exchange) return;
  const { request, options } = exchange;
  if (!selfHosted(options.engine))
    return sendJson(res, 404, errorJson(`No route for POST ${path}`, "invalid_request_error"));
  if (!request) return undeserializable(res);
  const model = typeof request.model === "string" ? request.model : (options.models[0] ?? "default");
  if (options.models.length > 0 && !options.models.includes(model)) {
    const error = vllmModelNotFound(model);
    return sendJson(res, error.status, error.body);
  }
  const inputs = typeof request.input === "string" ? [request.input] : request.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((i) => typeof i === "string")) {
    const body = {
      error: {
        message: "input must be a string or a non-empty array of strings",
        type: "BadRequestError",
        param: null,
        code: 400,
      },
    };
    return sendJson(res, 400, JSON.stringify(body));
  }
  const dimensions =
    typeof request.dimensions === "number" && request.dimensions > 0 ? request.dimensions : DEFAULT_DIMENSIONS;
  const base64 = request.encoding_format === "base64";
  const data = inputs.map((text, index) => {
    const vector = unitVector(text, dimensions);
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    return { index, object: "embedding", embedding };
  });
  const tokens = inputs.reduce((sum, text) => sum + Math.ceil(text.length / 4) + 1, 0);
  const body = {
    id: `embd-sim-${Date.now()}`,
    object: "list",
    created: Math.floor(Date.now() / 1000),
    model,
    data,
    usage: { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0, prompt_tokens_details: null },
  };
  return sendJson(res, 200, JSON.stringify(body));
}

/** A deterministic unit vector for a text (the same text always embeds the same way). */
export function unitVector(text: string, dimensions: number): number[] {
  let seed = 2166136261;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619) >>> 0;
  const values: number[] = [];
  for (let i = 0; i < dimensions; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    values.push(seed / 4294967296 - 0.5);
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
  return values.map((v) => v / norm);
}
