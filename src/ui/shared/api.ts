// Fetch wrapper for the site API: JSON in, zod-checked JSON out, errors as `ApiError` with the server's code.
import type * as z from "zod/mini";

/** An error answer of the API (or a network failure: status 0, code "network_error"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** Options of `apiRequest`. */
export type ApiRequestOptions = {
  method?: string;
  body?: unknown;
  token?: string;
  signal?: AbortSignal;
  /** Extra request headers (the widget's iframe sends its site key). */
  headers?: Record<string, string>;
};

let identityGate: Promise<unknown> | null = null;

/**
 * Makes every later cookie-authenticated request wait for `gate` (the first `/api/me`, which sets the visitor
 * cookie). Without it a fast first send races /api/me, creates a second visitor, and its conversation 404s.
 */
export function waitForIdentity(gate: Promise<unknown>): void {
  identityGate = gate.catch(() => undefined);
}

/** Calls the API and parses the answer with `schema`; 204 answers resolve to undefined. */
export async function apiRequest<T>(
  path: string,
  schema: z.ZodMiniType<T> | null,
  options: ApiRequestOptions = {},
): Promise<T> {
  if (identityGate && !options.token && path !== "/api/me") await identityGate;
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "The network is unreachable. Check your connection.");
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204 || schema === null) return undefined as T;
  return schema.parse(await response.json());
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy page, an HTML 502): fall back to the status
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = typeof error.code === "string" ? error.code : `http_${response.status}`;
  const message = typeof error.message === "string" ? error.message : `The server answered ${response.status}.`;
  const header = Number(response.headers.get("retry-after"));
  const retry =
    typeof error.retryAfterSeconds === "number"
      ? error.retryAfterSeconds
      : Number.isFinite(header) && header > 0
        ? header
        : null;
  return new ApiError(response.status, code, message, retry);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
