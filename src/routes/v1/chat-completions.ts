import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors/app-error.ts";
import { readJsonBody } from "../../http/json-body.ts";
import { modelInfo, proxyChatCompletion, servedHeaders, thinkingFor } from "../../inference/index.ts";
import { randomId } from "../../lib/crypto.ts";
import { log } from "../../lib/log.ts";
import { admissionRules, assertAdmitted, ruleNames } from "../../metering/admission.ts";
import { admitFromLease } from "../../metering/admission-lease.ts";
import { worstCaseMicros } from "../../metering/price-table.ts";
import { releaseAdmission, type SettleInput, settleRequest } from "../../metering/settle.ts";
import { chatCompletionSchema, promptTokensEstimate, promptTokensUpperBound } from "./chat-schema.ts";

/** `POST /v1/chat/completions`: validate, admit (from the isolate's lease, or one Limiter call for a budget), proxy, meter. */
export const chatCompletions = new Hono<AppEnv>();

chatCompletions.post("/", async (c) => {
  const body = await readJsonBody(c, chatCompletionSchema);
  const key = c.get("apiKey");
  const config = c.get("config");
  // Metering and the budget reservation are keyed by a server-made id: a client reusing its own
  // x-request-id must not be able to merge two requests into one usage row or one reservation.
  const meterId =
    c.req.header("x-request-id") === c.get("requestId") ? `${c.get("requestId")}.${randomId(6)}` : c.get("requestId");
  const info = modelInfo(config, key.plan, body.model);
  if (!info) {
    throw new AppError(404, `The model \`${body.model}\` does not exist or your key's plan cannot use it.`, {
      code: "model_not_found",
      param: "model",
    });
  }
  const requested = body.max_completion_tokens ?? body.max_tokens ?? null;
  if (requested !== null && requested > info.maxOutputTokens) {
    const param = body.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens";
    throw new AppError(400, `${param} is at most ${info.maxOutputTokens} for ${info.id}.`, {
      code: "invalid_value",
      param,
    });
  }
  const maxOutput = requested ?? info.maxOutputTokens;
  // Prices (off-peak or not) and the budget reservation use the window in force when the request starts.
  const pricing = { policy: config.routingPolicy, at: Date.now() };
  const thinking = thinkingFor(config.routingPolicy, body.model, {
    enabled: body.thinking ? body.thinking.type === "enabled" : null,
    effort: body.reasoning_effort ?? null,
  });

  const rules = admissionRules(key, promptTokensEstimate(body) + (requested ?? 0));
  const subject = `key:${key.id}`;
  const limiterOf = () => c.env.LIMITER.getByName(subject);
  const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
  // A key without a budget is admitted from the isolate's lease (no call on the warm path, see
  // admission-lease.ts); a budget needs this request's worst case reserved, so that stays one atomic call.
  const admission =
    key.monthlyBudgetMicros === null
      ? await admitFromLease({ subject, limiter: limiterOf, waitUntil }, rules)
      : await limiterOf().admit({
          rules,
          budget: {
            apiKeyId: key.id,
            reservationId: meterId,
            limitMicros: key.monthlyBudgetMicros,
            micros: worstCaseMicros(body.model, promptTokensUpperBound(body), maxOutput, pricing),
          },
        });
  const rateHeaders = assertAdmitted(admission, rules);

  const settle: SettleInput = {
    target: { subject, limiter: limiterOf, db: c.env.DB, waitUntil },
    requestId: meterId,
    apiKeyId: key.id,
    model: body.model,
    chargedTokens: rules.find((rule) => rule.name === ruleNames.tokens)?.cost ?? 0,
    reservationId: key.monthlyBudgetMicros === null ? null : meterId,
    pricing,
  };
  const stream = body.stream === true;
  let proxied: Awaited<ReturnType<typeof proxyChatCompletion>>;
  try {
    proxied = await proxyChatCompletion(
      { env: c.env, config, waitUntil },
      {
        requestId: c.get("requestId"),
        plan: key.plan,
        region: c.get("region"),
        model: body.model,
        body,
        thinking,
        stream,
        clientWantsUsage: stream && body.stream_options?.include_usage === true,
        signal: c.req.raw.signal,
      },
    );
  } catch (error) {
    releaseAdmission(settle, error instanceof AppError ? error.code : "error");
    throw withHeaders(error, rateHeaders);
  }

  waitUntil(
    proxied.done.then(
      (outcome) => settleRequest(settle, outcome),
      // Never expected (done always resolves); the reservation then lapses on its own, still counted till then.
      (error: unknown) => log.error("proxy_outcome_lost", { requestId: meterId, error: String(error) }),
    ),
  );
  // A body already in memory goes out with its length (measured: ~10% more non-streamed req/s than a stream).
  return new Response(proxied.bytes ?? proxied.body, {
    status: 200,
    headers: {
      "content-type": stream ? "text/event-stream; charset=utf-8" : "application/json; charset=utf-8",
      ...(stream ? { "cache-control": "no-cache" } : {}),
      ...rateHeaders,
      ...servedHeaders(proxied.served),
    },
  });
});

/** Upstream refusals keep their meaning, in OpenAI's dialect: a region refusal is this key's policy, a 403. */
function withHeaders(error: unknown, headers: Record<string, string>): unknown {
  if (!(error instanceof AppError)) return error;
  const refusedRegion = error.status === 451;
  return new AppError(refusedRegion ? 403 : error.status, error.message, {
    code: error.code,
    type: refusedRegion ? "permission_error" : error.type,
    param: error.param,
    headers: { ...headers, ...error.headers },
    details: error.details,
  });
}
