import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../env.ts";
import { anthropicErrorBody, isAnthropicPath } from "../formats/anthropic/errors.ts";
import { log } from "../lib/log.ts";
import { AppError } from "./app-error.ts";

/** True for routes that speak OpenAI's error dialect. */
export function isOpenAiPath(path: string): boolean {
  return path === "/v1" || path.startsWith("/v1/");
}

/** True for routes whose clients expect JSON rather than an HTML page. */
export function isJsonPath(path: string): boolean {
  return (
    isOpenAiPath(path) ||
    path.startsWith("/api/") ||
    path === "/api" ||
    path.startsWith("/admin/api") ||
    path === "/healthz" ||
    path === "/readyz" ||
    path === "/openapi.json"
  );
}

/** Normalises anything thrown into an AppError (unknown errors become an opaque 500). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    return new AppError(error.status as ContentfulStatusCode, error.message || "Request failed.", {
      code: error.status === 413 ? "request_too_large" : `http_${error.status}`,
    });
  }
  return new AppError(500, "Internal error. It has been logged; please try again.", { code: "internal_error" });
}

/** Builds the JSON body for an error: Anthropic's on /v1/messages, OpenAI's on the rest of /v1, ours (same fields plus request id) elsewhere. */
export function errorBody(path: string, error: AppError, requestId: string | undefined): Record<string, unknown> {
  if (isAnthropicPath(path)) return anthropicErrorBody(error.status, error.message);
  if (isOpenAiPath(path)) {
    return { error: { message: error.message, type: error.type, code: error.code, param: error.param } };
  }
  return {
    error: {
      message: error.message,
      type: error.type,
      code: error.code,
      param: error.param,
      requestId: requestId ?? null,
      ...error.details,
    },
  };
}

/** The app's single error path: logs server faults, renders JSON (or an HTML page for browsers). */
export function renderError(error: unknown, c: Context<AppEnv>): Response {
  const appError = toAppError(error);
  const requestId = c.get("requestId");
  if (appError.status >= 500 && !(error instanceof AppError)) {
    log.error("unhandled_error", {
      requestId,
      path: c.req.path,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
  }
  const headers = new Headers(appError.headers);
  if (!isJsonPath(c.req.path) && c.req.method === "GET") {
    headers.set("content-type", "text/html; charset=utf-8");
    return new Response(errorPage(appError), { status: appError.status, headers });
  }
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(errorBody(c.req.path, appError, requestId)), {
    status: appError.status,
    headers,
  });
}

function errorPage(error: AppError): string {
  const title = error.status === 404 ? "Page not found" : `Error ${error.status}`;
  const message = error.message.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · edgechat</title><link rel="stylesheet" href="/app.css"></head><body class="error-page"><main><h1>${title}</h1><p>${message}</p><p><a href="/">Back to edgechat</a></p></main></body></html>`;
}
