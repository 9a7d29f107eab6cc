import type { IncomingMessage, ServerResponse } from "node:http";
import { chooseFault, isStatusFault, STATUS_FAULTS, statusFaultResponse } from "./faults.ts";
import { readBody, sendJson, untilAborted } from "./io.ts";
import { isRecord } from "./messages.ts";
import { type DefaultOptions, type RequestOptions, resolveOptions } from "./options.ts";
import { errorJson } from "./protocol.ts";
import { type RecentRequest, type RequestOutcome, recordedBody, type StatsStore } from "./stats.ts";

/** Shared server state a request needs. */
export type ServerContext = { defaults: DefaultOptions; stats: StatsStore };

/** One request in flight, after its body was read, recorded and its fault (if any) chosen. */
export type Exchange = {
  options: RequestOptions;
  /** The JSON body, or null when it was not a JSON object. */
  request: Record<string, unknown> | null;
  entry: RecentRequest;
  signal: AbortSignal;
  fault: string | null;
  dropConnection(): void;
};

const BEHAVIOUR_FAULTS = ["hang", "drop-before", "drop", "stall", "malformed", "keepalive", "drip", "split"];

/**
 * Reads and records a request, then applies the faults that replace an answer (status errors, hang, drop before
 * the response). Returns null when the request has been dealt with; otherwise the exchange to answer.
 */
export async function beginExchange(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  pathOptions: Record<string, string>,
  path: string,
  endpoint: string,
): Promise<Exchange | null> {
  const receivedAt = performance.timeOrigin + performance.now();
  const options = resolveOptions(ctx.defaults, pathOptions, req.headers);
  let raw: string;
  try {
    raw = await readBody(req);
  } catch {
    req.socket.destroy();
    return null;
  }
  const body = parseJson(raw);
  const request = isRecord(body) ? body : null;
  const fault = chooseFault(options.fault, options.failrate);
  const entry: RecentRequest = {
    label: options.label,
    path,
    endpoint,
    engine: options.engine,
    model: typeof request?.model === "string" ? request.model : "",
    body: recordedBody(raw, body),
    stream: request?.stream === true,
    fault,
    status: 0,
    aborted: false,
    includeUsage:
      request?.stream === true && isRecord(request.stream_options) && request.stream_options.include_usage === true,
    at: Date.now(),
    receivedAt,
    firstTokenAt: null,
  };
  const finish = ctx.stats.begin(entry);
  const controller = new AbortController();
  let dropped = false;
  const onClose = (): void => {
    controller.abort();
    const outcome: RequestOutcome = res.writableFinished ? "completed" : dropped ? "dropped" : "aborted";
    finish(outcome, res.headersSent ? res.statusCode : 0);
  };
  if (res.destroyed) {
    onClose();
    return null;
  }
  res.on("close", onClose);
  const dropConnection = (): void => {
    dropped = true;
    req.socket.destroy();
  };
  if (fault !== null && !STATUS_FAULTS.includes(fault) && !BEHAVIOUR_FAULTS.includes(fault)) {
    const known = [...STATUS_FAULTS, ...BEHAVIOUR_FAULTS].join(", ");
    sendJson(res, 400, errorJson(`Unknown simulator fault "${fault}" (known: ${known})`, "invalid_request_error"));
    return null;
  }
  if (fault !== null && isStatusFault(fault)) {
    const error = statusFaultResponse(fault);
    sendJson(res, error.status, error.body, error.headers);
    return null;
  }
  if (fault === "hang") {
    await untilAborted(controller.signal);
    return null;
  }
  if (fault === "drop-before") {
    dropConnection();
    return null;
  }
  return { options, request, entry, signal: controller.signal, fault, dropConnection };
}

/** DeepSeek's answer to a body it cannot parse as a JSON object. */
export function undeserializable(res: ServerResponse): void {
  sendJson(res, 400, errorJson("Failed to deserialize the JSON body into the target type", "invalid_request_error"));
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
