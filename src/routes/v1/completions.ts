import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { ignoredParamsHeaders } from "../../formats/api-format.ts";
import { admitRequest, requireModel } from "../../formats/chat-pipeline.ts";
import { completionsRequestSchema, completionsSchema } from "../../formats/completions/request-schema.ts";
import { runFim } from "../../formats/completions/run-fim.ts";
import { splitIgnored } from "../../formats/ignored-params.ts";
import { AppError } from "../../http/app-error.ts";
import { readJsonBody } from "../../http/json-body.ts";
import { resolveModel } from "../../inference/index.ts";

/** FIM answers are short by design (DeepSeek's FIM beta allows at most 4K output tokens). */
const maxFimTokens = 4096;

/**
 * `POST /v1/completions`: fill-in-the-middle code completion (`prompt` + `suffix`), non-thinking only, through
 * the same keys, limits, routing and metering as chat; the provider's `text_completion` bytes go out unchanged.
 */
export const completions = new Hono<AppEnv>();

completions.post("/", async (c) => {
  const { body, ignored } = splitIgnored(await readJsonBody(c, completionsRequestSchema), completionsSchema.shape);
  requireModel(c, body.model);
  if (resolveModel(c.get("config").routingPolicy, body.model)?.spec.capabilities.fim === false) {
    throw new AppError(400, `\`${body.model}\` does not support fill-in-the-middle completions.`, {
      code: "unsupported_model",
      param: "model",
    });
  }
  if (body.max_tokens != null && body.max_tokens > maxFimTokens) {
    throw new AppError(400, `max_tokens is at most ${maxFimTokens} for completions.`, {
      code: "invalid_value",
      param: "max_tokens",
    });
  }
  const stream = body.stream === true;
  const promptTokens = Math.ceil((body.prompt.length + (body.suffix?.length ?? 0)) / 4);
  const outputTokens = body.max_tokens ?? maxFimTokens;
  const admitted = await admitRequest(c, {
    format: "completions",
    model: body.model,
    tokensEstimate: promptTokens + (body.max_tokens ?? 0),
    worstCase: { promptTokens: (body.prompt.length + (body.suffix?.length ?? 0)) * 3, outputTokens },
  });
  const { stream_options: _options, ...forwarded } = body;
  const answer = await runFim(c, admitted, { ...forwarded, max_tokens: outputTokens, stream }, stream);
  return new Response(answer.body, {
    status: 200,
    headers: {
      "content-type": stream ? "text/event-stream; charset=utf-8" : "application/json; charset=utf-8",
      ...(stream ? { "cache-control": "no-cache" } : {}),
      ...answer.headers,
      ...ignoredParamsHeaders(ignored),
    },
  });
});
