import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { ignoredParamsHeaders } from "../../formats/api-format.ts";
import { admitRequest, settleWhenDone } from "../../formats/chat-pipeline.ts";
import { jsonResponse } from "../../formats/dialect-response.ts";
import { embeddingChain } from "../../formats/embeddings/embedding-chain.ts";
import { base64Vector } from "../../formats/embeddings/encode-vector.ts";
import { embeddingsRequestSchema, embeddingsSchema } from "../../formats/embeddings/request-schema.ts";
import { splitIgnored } from "../../formats/ignored-params.ts";
import { AppError } from "../../http/app-error.ts";
import { readJsonBody } from "../../http/json-body.ts";
import { connectFirst } from "../../inference/attempt/failover.ts";
import { servedHeaders } from "../../inference/index.ts";
import { embedOn } from "../../inference/providers/embeddings.ts";
import { findEmbeddingModel } from "../../inference/routing/embedding-models.ts";
import { embeddingUsage, estimateEmbeddingTokens } from "../../metering/embedding-usage.ts";

/**
 * `POST /v1/embeddings`: a text or a batch, on Workers AI's embedding models or self-hosted servers that declare
 * them, through the same keys, limits, region rules, failover and metering as chat (metered per input token).
 */
export const embeddings = new Hono<AppEnv>();

embeddings.post("/", async (c) => {
  const { body, ignored } = splitIgnored(await readJsonBody(c, embeddingsRequestSchema), embeddingsSchema.shape);
  if (body.dimensions != null) ignored.push("dimensions");
  const model = findEmbeddingModel(body.model);
  if (!model) {
    throw new AppError(404, `The embedding model \`${body.model}\` does not exist. See /v1/models.`, {
      code: "model_not_found",
      param: "model",
    });
  }
  const inputs = typeof body.input === "string" ? [body.input] : body.input;
  // About four characters a token; the provider's own count (when it gives one) replaces it at settlement.
  const estimate = inputs.reduce((sum, text) => sum + estimateEmbeddingTokens(text), 0);
  const tooLong = inputs.findIndex((text) => estimateEmbeddingTokens(text) > model.maxInputTokens);
  if (tooLong !== -1) {
    throw new AppError(400, `Input ${tooLong} is longer than ${model.label}'s ${model.maxInputTokens} tokens.`, {
      code: "context_length_exceeded",
      param: typeof body.input === "string" ? "input" : `input[${tooLong}]`,
    });
  }
  const key = c.get("apiKey");
  const context = {
    env: c.env,
    config: c.get("config"),
    waitUntil: (p: Promise<unknown>) => c.executionCtx.waitUntil(p),
  };
  const chain = embeddingChain(context.config, key.plan, c.get("region"), model);
  const started = Date.now();
  const admitted = await admitRequest(c, {
    format: "embeddings",
    model: model.id,
    tokensEstimate: estimate,
    worstCase: { promptTokens: inputs.reduce((sum, text) => sum + text.length * 3, 0), outputTokens: 0 },
  });
  let result: Awaited<ReturnType<typeof embedOn>>;
  try {
    const connected = await connectFirst(context, chain, c.req.raw.signal, (target, signal) =>
      embedOn(context, target, model, inputs, signal),
    );
    connected.release();
    result = connected.value;
  } catch (error) {
    throw admitted.fail(error);
  }
  const promptTokens = result.promptTokens ?? estimate;
  const totalMs = Date.now() - started;
  settleWhenDone(
    admitted,
    Promise.resolve({
      served: result.served,
      usage: embeddingUsage(promptTokens),
      estimated: result.promptTokens === null,
      ttftMs: totalMs,
      totalMs,
      status: "complete",
    }),
  );
  const base64 = body.encoding_format === "base64";
  return jsonResponse(
    {
      object: "list",
      data: result.vectors.map((vector, index) => ({
        object: "embedding",
        index,
        embedding: base64 ? base64Vector(vector) : vector,
      })),
      model: body.model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    },
    { ...admitted.headers, ...servedHeaders(result.served), ...ignoredParamsHeaders(ignored) },
  );
});
