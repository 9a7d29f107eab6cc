import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { limitText, tokenize } from "./answer.ts";
import { isDeepSeekModel, modelNotExist, vllmModelNotFound } from "./catalog.ts";
import { readStop } from "./chat-dialect.ts";
import { beginExchange, type ServerContext, undeserializable } from "./exchange.ts";
import { sendJson } from "./io.ts";
import { selfHosted } from "./options.ts";
import { writePaced } from "./paced.ts";
import { errorJson, SSE_DONE, sseEvent } from "./protocol.ts";
import { buildUsage } from "./usage.ts";

/**
 * `POST …/completions` with `prompt` and an optional `suffix`: DeepSeek's FIM completion (beta, served under
 * https://api.deepseek.com/beta, non-thinking only, at most 4K output tokens;
 * https://api-docs.deepseek.com/guides/fim_completion) and vLLM's `/v1/completions`. The answer is the
 * "middle" text, in OpenAI's `text_completion` shape.
 */
export async function handleCompletions(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  pathOptions: Record<string, string>,
  path: string,
): Promise<void> {
  const exchange = await beginExchange(req, res, ctx, pathOptions, path, "completions");
  if (!exchange) return;
  const { request, options } = exchange;
  if (!request) return undeserializable(res);
  const model = typeof request.model === "string" ? request.model : "";
  const vllm = selfHosted(options.engine);
  if (!vllm && !isDeepSeekModel(model, options.legacy)) return send(res, modelNotExist());
  if (vllm && options.models.length > 0 && !options.models.includes(model)) return send(res, vllmModelNotFound(model));
  if (typeof request.prompt !== "string") {
    return sendJson(res, 400, errorJson("prompt: missing field `prompt`", "invalid_request_error"));
  }
  const suffix = typeof request.suffix === "string" ? request.suffix : "";
  const limit = vllm ? null : 4096;
  const requested = typeof request.max_tokens === "number" ? request.max_tokens : null;
  const maxTokens = requested === null ? limit : limit === null ? requested : Math.min(requested, limit);
  const middle = `\n    # simulated fill-in-the-middle: ${request.prompt.length} characters before, ${suffix.length} after\n`;
  const plan = limitText(tokenize(middle), readStop(request.stop), maxTokens);
  const content = plan.content;
  const usage = buildUsage(
    [{ role: "user", text: request.prompt + suffix }],
    0,
    content.length,
    vllm ? "vllm" : "deepseek",
  );
  const head = {
    id: `cmpl-sim-${randomUUID()}`,
    object: "text_completion",
    created: Math.floor(Date.now() / 1000),
    model,
  };
  const choice = (text: string, finish: string | null) => ({ text, index: 0, logprobs: null, finish_reason: finish });
  if (!exchange.entry.stream) {
    const body = {
      ...head,
      choices: [choice(content.join(""), plan.finishReason)],
      usage,
      system_fingerprint: "fp_sim",
    };
    return sendJson(res, 200, JSON.stringify(body));
  }
  const events = content.map((token, i) => ({
    text: sseEvent(
      JSON.stringify({ ...head, choices: [choice(token, i === content.length - 1 ? plan.finishReason : null)] }),
    ),
    token: true,
  }));
  if (exchange.entry.includeUsage)
    events.push({ text: sseEvent(JSON.stringify({ ...head, choices: [], usage })), token: false });
  events.push({ text: SSE_DONE, token: false });
  return writePaced(res, exchange, events);
}

function send(res: ServerResponse, error: { status: number; body: string; headers: Record<string, string> }): void {
  sendJson(res, error.status, error.body, error.headers);
}
