import type { ErrorResponse } from "./faults.ts";
import { errorJson } from "./protocol.ts";

/**
 * DeepSeek's model names today. `deepseek-flash` is DeepSeek-V4.1-Flash; `deepseek-v4-pro` is served by V4.1 Flash
 * since 2026-09-14; the legacy `deepseek-v4-flash` is still accepted and served by V4.1 Flash.
 * Source: https://api-docs.deepseek.com/quick_start/pricing (footnote 1).
 */
export const DEEPSEEK_MODELS = ["deepseek-flash", "deepseek-v4-pro", "deepseek-v4-flash"] as const;

/** Names `GET /models` lists (the legacy `deepseek-v4-flash` is accepted but not advertised). */
export const LISTED_DEEPSEEK_MODELS = ["deepseek-flash", "deepseek-v4-pro"] as const;

/**
 * The names DeepSeek retired on 2026-07-24 15:59 UTC, with the thinking mode each one used to select
 * (`deepseek-chat` = non-thinking, `deepseek-reasoner` = thinking). Accepted only with the `legacy` opt-in, so
 * that old callers can be kept running while they migrate; the real API answers them with "Model Not Exist".
 * Source: https://api-docs.deepseek.com/updates (retirement), https://api-docs.deepseek.com/guides/thinking_mode.
 */
export const LEGACY_DEEPSEEK_MODELS: Readonly<Record<string, boolean>> = {
  "deepseek-chat": false,
  "deepseek-reasoner": true,
};

/** True when DeepSeek serves the model (the legacy names only with the opt-in). */
export function isDeepSeekModel(model: string, legacy: boolean): boolean {
  if ((DEEPSEEK_MODELS as readonly string[]).includes(model)) return true;
  return legacy && Object.hasOwn(LEGACY_DEEPSEEK_MODELS, model);
}

/**
 * DeepSeek's answer to any unknown or retired model name, byte for byte: 400 with DeepSeek's usual error envelope
 * (https://api-docs.deepseek.com/quick_start/error_codes); the message "Model Not Exist" is what clients record
 * from the live API (e.g. https://github.com/FlowiseAI/Flowise/issues/6667 after the retirement).
 */
export function modelNotExist(): ErrorResponse {
  return jsonError(400, errorJson("Model Not Exist", "invalid_request_error"));
}

/**
 * vLLM's answer to a model it does not serve. Since vLLM 0.10.1 (vllm-project/vllm#22099) errors are nested under
 * `error`; the message is the one of `OpenAIServing._check_model`.
 */
export function vllmModelNotFound(model: string): ErrorResponse {
  const body = {
    error: { message: `The model \`${model}\` does not exist.`, type: "NotFoundError", param: null, code: 404 },
  };
  return jsonError(404, JSON.stringify(body));
}

/** The `GET /models` body for an engine. */
export function modelsJson(models: readonly string[], ownedBy: string): string {
  return JSON.stringify({ object: "list", data: models.map((id) => ({ id, object: "model", owned_by: ownedBy })) });
}

/** A JSON error response. */
export function jsonError(status: number, body: string): ErrorResponse {
  return { status, headers: { "content-type": "application/json" }, body };
}
