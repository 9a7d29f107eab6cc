// The console's calls to /admin/api: the shared fetch wrapper (JSON in, zod-checked JSON out, ApiError out)
// with the browser's cookie or Cloudflare Access's; the console never holds the admin token itself.
import type * as z from "zod/mini";
import { apiRequest } from "../shared/api.ts";

/** Calls the admin API; `body` makes it a JSON write. */
export function adminRequest<T>(
  path: string,
  schema: z.ZodMiniType<T> | null,
  options: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  return apiRequest(`/admin/api${path}`, schema, options);
}

let signedOutListener: (() => void) | null = null;

/** Registers what happens when a call answers 401 (the session expired): the console shows its sign-in. */
export function setSignedOutListener(listener: (() => void) | null): void {
  signedOutListener = listener;
}

/** Tells the console its session is gone. */
export function onSignedOut(): void {
  signedOutListener?.();
}

/** A query string from the defined values of `params`. */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}
