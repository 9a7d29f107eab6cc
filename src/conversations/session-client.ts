import type { Context } from "hono";
import type { RpcResult, TurnRequest } from "../durable/chat-session/rpc.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";

/** The conversation's session object. */
export function sessionOf(env: Env, conversationId: string) {
  return env.CHAT_SESSION.getByName(conversationId);
}

/** Rethrows an RPC error result as the AppError it was in the object. */
export function unwrap<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value;
  const { error } = result;
  throw new AppError(error.status, error.message, {
    code: error.code,
    param: error.param,
    headers: error.headers,
    details: error.details,
  });
}

/** What every turn-starting RPC carries from the request. */
export function turnRequest(c: Context<AppEnv>, conversationId: string): TurnRequest {
  const visitor = c.get("visitor");
  return {
    conversationId,
    userId: visitor.userId,
    siteId: visitor.siteId,
    plan: visitor.plan,
    region: c.get("region"),
    config: c.get("config"),
    requestId: c.get("requestId"),
    ip: c.req.header("cf-connecting-ip") ?? null,
  };
}
