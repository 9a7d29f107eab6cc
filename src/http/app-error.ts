import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** OpenAI's error `type` values, used as-is on /v1 and as a category elsewhere. */
export type ErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "insufficient_quota"
  | "server_error"
  | "upstream_error"
  | "unavailable_for_legal_reasons";

export type AppErrorOptions = {
  /** Machine-readable code, e.g. `model_not_found`. */
  code: string;
  type?: ErrorType;
  /** The request field at fault, if any (OpenAI's `param`). */
  param?: string | null;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
  /** Extra fields for the site API's error body (e.g. `retryAfterSeconds`). */
  details?: Record<string, unknown>;
};

const defaultTypes: Partial<Record<number, ErrorType>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "insufficient_quota",
  403: "permission_error",
  404: "not_found_error",
  409: "invalid_request_error",
  413: "invalid_request_error",
  429: "rate_limit_error",
  451: "unavailable_for_legal_reasons",
};

/** The one error the app throws for anything a client should see; `app.onError` renders it. */
export class AppError extends HTTPException {
  readonly code: string;
  readonly type: ErrorType;
  readonly param: string | null;
  readonly headers: Record<string, string>;
  readonly details: Record<string, unknown>;

  constructor(status: ContentfulStatusCode, message: string, options: AppErrorOptions) {
    super(status, { message });
    this.name = "AppError";
    this.code = options.code;
    this.type = options.type ?? defaultTypes[status] ?? "server_error";
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
    this.details = options.details ?? {};
  }
}

/** 400 with a field name, the commonest client mistake. */
export function invalidRequest(message: string, param: string | null = null, code = "invalid_request"): AppError {
  return new AppError(400, message, { code, param });
}

/** 404 that never reveals whether the thing exists for someone else. */
export function notFound(what = "resource"): AppError {
  return new AppError(404, `No such ${what}.`, { code: "not_found" });
}
