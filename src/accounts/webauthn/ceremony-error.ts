import { AppError } from "../../http/app-error.ts";

/** The 400 for a passkey response that fails verification; the message says which check failed. */
export function passkeyRefused(detail: string): AppError {
  return new AppError(400, `The passkey response was not accepted: ${detail}.`, { code: "passkey_invalid" });
}
