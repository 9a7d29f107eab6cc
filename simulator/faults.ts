import { errorJson } from "./protocol.ts";

/** Faults that answer immediately with an HTTP error status. */
export const STATUS_FAULTS = ["400", "401", "402", "429", "500", "503"];

/** Faults picked at random when `failrate` triggers. */
export const RANDOM_FAULTS = ["500", "429", "hang", "drop-before"];

/** An error response to send as-is. */
export type ErrorResponse = { status: number; headers: Record<string, string>; body: string };

const SERVER_ERROR: [string, string, string] = ["Server Error (simulated)", "server_error", "internal_error"];

const ERRORS: Record<string, [string, string, string]> = {
  "400": ["Simulated invalid request", "invalid_request_error", "invalid_request_error"],
  "401": ["Authentication Fails, Your api key is invalid (simulated)", "authentication_error", "invalid_request_error"],
  "402": ["Insufficient Balance (simulated)", "unknown_error", "invalid_request_error"],
  "429": ["Rate Limit Reached (simulated)", "rate_limit_error", "rate_limit_exceeded"],
  "500": SERVER_ERROR,
  "503": ["Server Overloaded (simulated)", "server_error", "service_unavailable"],
};

/** Picks the fault for a request: the explicit one, else a random one with probability `failrate`. */
export function chooseFault(fault: string | null, failrate: number, random: () => number = Math.random): string | null {
  if (fault) return fault;
  if (failrate > 0 && random() < failrate) return RANDOM_FAULTS[Math.floor(random() * RANDOM_FAULTS.length)] ?? "500";
  return null;
}

/** True when the fault is answered with an immediate HTTP error. */
export function isStatusFault(fault: string | null): boolean {
  return fault !== null && STATUS_FAULTS.includes(fault);
}

/** Builds the DeepSeek-shaped error response for a status fault. */
export function statusFaultResponse(fault: string): ErrorResponse {
  const [message, type, code] = ERRORS[fault] ?? SERVER_ERROR;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (fault === "429") headers["retry-after"] = "1";
  return { status: Number(fault), headers, body: errorJson(message, type, code) };
}
