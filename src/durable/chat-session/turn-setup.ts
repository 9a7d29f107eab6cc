import type { Message } from "../../chat/types.ts";
import { AppError } from "../../errors/app-error.ts";
import { modelInfo } from "../../inference/index.ts";
import type { ModelInfo } from "../../inference/types.ts";
import { randomId } from "../../lib/crypto.ts";
import type { TurnOrigin } from "./live-turn.ts";
import type { TurnRequest } from "./rpc.ts";

/** The turn's origin from the Worker's request. */
export function origin(request: TurnRequest, firstExchange: boolean): TurnOrigin {
  return {
    conversationId: request.conversationId,
    userId: request.userId,
    siteId: request.siteId,
    plan: request.plan,
    requestId: request.requestId,
    ip: request.ip,
    region: request.region,
    config: request.config,
    firstExchange,
  };
}

/** A new user message (stored before inference). */
export function newUserMessage(parentId: string | null, content: string, model: string): Message {
  return {
    id: randomId(),
    parentId,
    role: "user",
    content,
    reasoning: null,
    status: "complete",
    model,
    provider: null,
    servedModel: null,
    region: null,
    simulated: false,
    usage: null,
    reasoningMs: null,
    error: null,
    createdAt: Date.now(),
  };
}

/** The model's catalogue entry if the plan may use it, else 400 `model_not_allowed` (unknown models too). */
export function allowedModel(request: TurnRequest, model: string): ModelInfo {
  const info = modelInfo(request.config, request.plan, model);
  if (!info) {
    throw new AppError(400, `The model "${model}" is not available on your plan.`, {
      code: "model_not_allowed",
      param: "model",
    });
  }
  return info;
}
