import { log } from "../lib/log.ts";
import { AppError } from "./app-error.ts";

/** What a chat-site or widget visitor reads when no provider could answer. */
export const unavailableMessage = "No provider could answer right now. Please try again in a moment.";

/**
 * The visitor's version of a "no provider answered" error: a plain message, while the internal reason (which
 * targets failed and how: ids, hosts, upstream messages) goes to the log under the request id.
 */
export function publicUnavailable(error: AppError, requestId: string | null): AppError {
  log.warn("provider_unavailable", { requestId, reason: error.message });
  return new AppError(503, unavailableMessage, {
    code: "provider_unavailable",
    type: "upstream_error",
    headers: error.headers,
    details: requestId ? { requestId } : {},
  });
}
