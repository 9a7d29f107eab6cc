import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppConfig } from "../../config/config.ts";
import type { AttachmentUpload } from "../../conversations/types.ts";
import type { Region } from "../../env.ts";
import { AppError } from "../../http/app-error.ts";

/**
 * What every turn-starting call carries from the Worker: identity, plan, region and config. The Worker has
 * not checked that the visitor owns the conversation: the object does (see ChatSession.sendMessage).
 */
export type TurnRequest = {
  conversationId: string;
  userId: string;
  siteId: string | null;
  plan: string;
  region: Region;
  /** Passed in (plain data) so the object routes exactly like the Worker that received the request. */
  config: AppConfig;
  requestId: string;
  ip: string | null;
  /** The DeepThink switch (site API `thinking`); absent or null = the model's (or alias's) default. */
  thinking?: boolean | null;
};

export type SendRequest = TurnRequest & {
  content: string;
  model: string;
  parentId?: string | null;
  /** Files sent with the message, checked and given ids by the Worker. */
  attachments?: AttachmentUpload[];
};
export type RegenerateRequest = TurnRequest & { model?: string; messageId?: string };

export type { RegenerateAccepted, SendAccepted } from "../../contract/site-api.ts";

/** An AppError as plain data: errors lose their class and fields across RPC. */
export type RpcError = {
  status: ContentfulStatusCode;
  message: string;
  code: string;
  param: string | null;
  headers: Record<string, string>;
  details: Record<string, unknown>;
};

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** Runs `work`, turning a thrown AppError into a result the Worker can rethrow. */
export async function asResult<T>(work: () => Promise<T>): Promise<RpcResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      ok: false,
      error: {
        status: error.status,
        message: error.message,
        code: error.code,
        param: error.param,
        headers: error.headers,
        details: error.details,
      },
    };
  }
}
