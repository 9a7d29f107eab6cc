import { AppError } from "../../http/app-error.ts";
import { publicUnavailable, unavailableMessage } from "../../http/public-unavailable.ts";

/**
 * Maps what the inference layer threw before any output to the site's error: an unknown or forbidden model
 * is the client's mistake (400 `model_not_allowed`), anything unexpected is "provider unavailable".
 */
export function toTurnError(error: unknown, requestId: string | null = null): AppError {
  if (error instanceof AppError) {
    if (error.code === "model_not_found" || error.code === "model_not_allowed") {
      return new AppError(400, error.message, { code: "model_not_allowed", param: "model" });
    }
    if (error.code === "provider_unavailable") return publicUnavailable(error, requestId);
    return error;
  }
  return new AppError(503, unavailableMessage, {
    code: "provider_unavailable",
    type: "upstream_error",
  });
}

/** The 409 for a send or regenerate while an answer is still being written (or about to be). */
export function turnInProgress(): AppError {
  return new AppError(409, "An answer is still being written in this conversation. Stop it or wait.", {
    code: "turn_in_progress",
  });
}
