/**
 * Why one attempt at one target failed before its first token, and what the failover loop does about it:
 * - `client`: the request itself is wrong (400/422): surfaced to the caller, never retried elsewhere;
 * - `config`: the upstream refused something *our* mapping sent (a model id it does not know, a parameter it does
 *   not take): our bug, not the client's: logged as a configuration error, next target, not retried;
 * - `rate-limited`: 429, may be retried on the same target after `retryAfterMs`;
 * - `unavailable`: not usable here at all (no binding, local dev): next target, not retried;
 * - `timeout`: no first token in time: next target, not retried (a hung server stays hung);
 * - `refused`: 401/402/403 (key or balance): next target, not retried (it will not change in seconds);
 * - `failed`: connect error, 5xx and anything else: next target, may be retried once.
 */
export type FailureKind = "client" | "config" | "rate-limited" | "unavailable" | "timeout" | "refused" | "failed";

/**
 * Upstream refusals caused by what edgechat put in the request rather than by what the client sent: DeepSeek's
 * `400 Model Not Exist` (also for the names retired on 2026-07-24), vLLM's 404 NotFoundError for a model it does
 * not serve, Workers AI's unknown model, and parameters an engine does not take (/v1 bodies are allow-listed by
 * us, so an unknown parameter upstream is our mapping's fault).
 */
const configErrorPattern =
  /model not exist|model .{0,80}does not exist|no such model|unknown model|model_not_found|not a valid model|extra (inputs|fields) (are )?not permitted|unrecognized (request )?arguments?|unknown (parameter|field)|unsupported parameter/i;

/** One failed attempt; thrown by providers, caught by the failover loop. */
export class UpstreamFailure extends Error {
  readonly kind: FailureKind;
  readonly status: number | null;
  readonly retryAfterMs: number | null;

  constructor(kind: FailureKind, message: string, status: number | null = null, retryAfterMs: number | null = null) {
    super(message);
    this.name = "UpstreamFailure";
    this.kind = kind;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Turns a non-2xx upstream response into a failure, reading the provider's error message when it has one. */
export async function failureFromResponse(response: Response): Promise<UpstreamFailure> {
  const message = await upstreamMessage(response);
  const status = response.status;
  if ((status === 400 || status === 404 || status === 422) && configErrorPattern.test(message)) {
    return new UpstreamFailure("config", `HTTP ${status}: ${message}`, status);
  }
  if (status === 400 || status === 422) return new UpstreamFailure("client", message, status);
  if (status === 429) return new UpstreamFailure("rate-limited", message, status, retryAfterMs(response.headers));
  if (status === 401 || status === 402 || status === 403) {
    return new UpstreamFailure("refused", `HTTP ${status}: ${message}`, status);
  }
  return new UpstreamFailure("failed", `HTTP ${status}: ${message}`, status);
}

/** Normalises anything a fetch or a read threw. */
export function failureFromError(error: unknown): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamFailure("failed", `connection failed: ${message}`);
}

async function upstreamMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === "object" && json !== null && "error" in json) {
      const error = json.error;
      if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
        return error.message;
      }
      if (typeof error === "string") return error;
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return text.slice(0, 300) || response.statusText || `HTTP ${response.status}`;
}

function retryAfterMs(headers: Headers): number | null {
  const value = headers.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
