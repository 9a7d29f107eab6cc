import type { Context } from "hono";
import { limiterFor, limiterName } from "../durable/limiter/limiter-for.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import {
  type ModelInfo,
  modelInfo,
  type NativeDialect,
  type ProxyResponse,
  proxyChatCompletion,
  type RequestedEffort,
  servedHeaders,
  thinkingFor,
} from "../inference/index.ts";
import { randomId } from "../lib/crypto.ts";
import { log } from "../lib/log.ts";
import { admissionRules, assertAdmitted, ruleNames } from "../metering/admission.ts";
import { admitFromLease } from "../metering/admission-lease.ts";
import { worstCaseMicros } from "../metering/price-table.ts";
import { type MeteredOutcome, releaseAdmission, type SettleInput, settleRequest } from "../metering/settle.ts";
import type { ApiFormat } from "./api-format.ts";

/** What a dialect hands the pipeline: the one internal request (an OpenAI chat-completions body) and its estimates. */
export type PipelineRequest = {
  format: ApiFormat;
  /** The internal chat-completions body (DeepSeek's extensions included), already validated. */
  body: Record<string, unknown> & { model: string };
  stream: boolean;
  /** The client asked for usage in the stream (only /v1/chat/completions passes the usage chunk through). */
  clientWantsUsage: boolean;
  /** A dialect DeepSeek serves natively: DeepSeek gets it as it is, and its answer comes back in it. */
  native?: NativeDialect;
  /** The client's output cap and the name of its field in the client's dialect (for the error message). */
  maxOutput: { value: number | null; param: string };
  /** Typical-case prompt tokens, for the tokens-per-minute window. */
  promptTokensEstimate: number;
  /** Never-below prompt tokens, for budget reservations. */
  promptTokensUpperBound: number;
};

/** The proxied answer plus the headers every dialect sends (rate limits, who served). */
export type PipelineResponse = { proxied: ProxyResponse; headers: Record<string, string>; model: ModelInfo };

/** The model's catalog entry for this key's plan, or the 404 every dialect answers for an unknown model. */
export function requireModel(c: Context<AppEnv>, model: string): ModelInfo {
  const info = modelInfo(c.get("config"), c.get("apiKey").plan, model);
  if (!info) {
    throw new AppError(404, `The model \`${model}\` does not exist or your key's plan cannot use it.`, {
      code: "model_not_found",
      param: "model",
    });
  }
  return info;
}

/** What admission needs to know of a request, in any dialect. */
export type AdmissionRequest = {
  format: ApiFormat;
  /** Public model id (already checked against the catalog or the embedding table). */
  model: string;
  /** Tokens charged to the tokens-per-minute window now (corrected to the real count when the request settles). */
  tokensEstimate: number;
  /** The worst-case tokens, for a budget reservation. */
  worstCase: { promptTokens: number; outputTokens: number };
};

/** An admitted request: its rate-limit headers, how it settles, and how it is released when it fails early. */
export type Admitted = {
  headers: Record<string, string>;
  settle: SettleInput;
  /** Releases the admission of a request that failed before any output, and returns the error to throw. */
  fail: (error: unknown) => unknown;
  waitUntil: (promise: Promise<unknown>) => void;
};

/**
 * Admits one /v1 request for this key: the isolate's lease (no call on the warm path, see admission-lease.ts), or
 * one Limiter call that also reserves the worst case against a budget. Throws the 429 or 402.
 */
export async function admitRequest(c: Context<AppEnv>, request: AdmissionRequest): Promise<Admitted> {
  const key = c.get("apiKey");
  // Metering and the budget reservation are keyed by a server-made id: a client reusing its own
  // x-request-id must not be able to merge two requests into one usage row or one reservation.
  const meterId =
    c.req.header("x-request-id") === c.get("requestId") ? `${c.get("requestId")}.${randomId(6)}` : c.get("requestId");
  const rules = admissionRules(key, request.tokensEstimate);
  // Prices (off-peak or not) and the budget reservation use the window in force when the request starts.
  const pricing = { policy: c.get("config").routingPolicy, at: Date.now() };
  const keySubject = { kind: "key", id: key.id } as const;
  const subject = limiterName(keySubject);
  const limiterOf = () => limiterFor(c.env, keySubject);
  const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
  const admission =
    key.monthlyBudgetMicros === null
      ? await admitFromLease({ subject, limiter: limiterOf, waitUntil }, rules)
      : await limiterOf().admit({
          rules,
          budget: {
            apiKeyId: key.id,
            reservationId: meterId,
            limitMicros: key.monthlyBudgetMicros,
            micros: worstCaseMicros(
              request.model,
              request.worstCase.promptTokens,
              request.worstCase.outputTokens,
              pricing,
            ),
          },
        });
  const headers = assertAdmitted(admission, rules);
  const settle: SettleInput = {
    target: { subject, limiter: limiterOf, db: c.env.DB, waitUntil },
    requestId: meterId,
    apiKeyId: key.id,
    model: request.model,
    format: request.format,
    chargedTokens: rules.find((rule) => rule.name === ruleNames.tokens)?.cost ?? 0,
    reservationId: key.monthlyBudgetMicros === null ? null : meterId,
    pricing,
  };
  return {
    headers,
    settle,
    waitUntil,
    fail(error) {
      releaseAdmission(settle, error instanceof AppError ? error.code : "error");
      return withHeaders(error, headers);
    },
  };
}

/**
 * Every /v1 chat dialect's path through the gateway: model check, admission, routing with failover, and metering
 * once the answer ends. The body comes back as OpenAI chat-completions bytes; each dialect renders them in its
 * own format.
 */
export async function runChatPipeline(c: Context<AppEnv>, request: PipelineRequest): Promise<PipelineResponse> {
  const key = c.get("apiKey");
  const { body } = request;
  const info = requireModel(c, body.model);
  const requested = request.maxOutput.value;
  if (requested !== null && requested > info.maxOutputTokens) {
    throw new AppError(400, `${request.maxOutput.param} is at most ${info.maxOutputTokens} for ${info.id}.`, {
      code: "invalid_value",
      param: request.maxOutput.param,
    });
  }
  const thinkingField = body.thinking as { type?: string } | undefined;
  const thinking = thinkingFor(c.get("config").routingPolicy, body.model, {
    enabled: thinkingField?.type === "enabled" ? true : thinkingField?.type === "disabled" ? false : null,
    effort: (body.reasoning_effort as RequestedEffort | undefined) ?? null,
  });
  const admitted = await admitRequest(c, {
    format: request.format,
    model: body.model,
    tokensEstimate: request.promptTokensEstimate + (requested ?? 0),
    worstCase: { promptTokens: request.promptTokensUpperBound, outputTokens: requested ?? info.maxOutputTokens },
  });
  let proxied: ProxyResponse;
  try {
    proxied = await proxyChatCompletion(
      { env: c.env, config: c.get("config"), waitUntil: admitted.waitUntil },
      {
        requestId: c.get("requestId"),
        plan: key.plan,
        region: c.get("region"),
        model: body.model,
        body,
        thinking,
        stream: request.stream,
        clientWantsUsage: request.clientWantsUsage,
        ...(request.native ? { native: request.native } : {}),
        signal: c.req.raw.signal,
      },
    );
  } catch (error) {
    throw admitted.fail(error);
  }
  settleWhenDone(admitted, proxied.done);
  return { proxied, headers: { ...admitted.headers, ...servedHeaders(proxied.served) }, model: info };
}

/** Meters the request once its outcome is known (after the response, in waitUntil). */
export function settleWhenDone(admitted: Admitted, done: Promise<MeteredOutcome>): void {
  admitted.waitUntil(
    done.then(
      (outcome) => settleRequest(admitted.settle, outcome),
      // Never expected (done always resolves); the reservation then lapses on its own, still counted till then.
      (error: unknown) =>
        log.error("proxy_outcome_lost", { requestId: admitted.settle.requestId, error: String(error) }),
    ),
  );
}

/** Upstream refusals keep their meaning: a region refusal is this key's policy, a 403. */
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
