/** The /v1 pass-through's vocabulary, shared by the orchestrator (proxy.ts) and its paths (proxy-*.ts). */
import type { Region } from "../env.ts";
import type { PassthroughMeter } from "./sse-passthrough.ts";
import type { Thinking } from "./thinking.ts";
import type { Served, Usage } from "./types.ts";

/**
 * What the pass-through needs to know of a stream's wire format: how to meter its complete events (usage,
 * finish, its end, an upstream error), the error event a broken stream ends with, and the bytes that close a
 * complete stream the upstream left unclosed (OpenAI's `[DONE]`), if any.
 */
export type StreamWire = {
  meter(events: Uint8Array, meter: PassthroughMeter): void;
  errorTail(code: string, message: string): Uint8Array;
  closing: Uint8Array | null;
};

/**
 * A client dialect DeepSeek also serves itself (its Anthropic endpoint): a streamed request routed to DeepSeek
 * goes to that endpoint in the client's own format and its bytes come back untouched; other targets get the
 * internal chat body and their answer is rendered in the client's dialect by `render`.
 */
export type NativeDialect = {
  /** DeepSeek's endpoint for the dialect, under its base URL. */
  path: string;
  /** The client's body for one DeepSeek attempt, with DeepSeek's model id and the resolved thinking switch. */
  body(model: string, thinking: Thinking): Record<string, unknown>;
  wire: StreamWire;
  /** A translated target's OpenAI chat-completions SSE, rendered in the client's dialect. */
  render(): TransformStream<Uint8Array, Uint8Array>;
};

export type ProxyRequest = {
  requestId: string;
  plan: string;
  region: Region;
  model: string;
  /** The client's OpenAI chat-completions body, already validated by /v1. */
  body: Record<string, unknown>;
  /** The thinking switch and effort resolved for the requested model or alias (default: the model's default). */
  thinking?: Thinking;
  stream: boolean;
  clientWantsUsage: boolean;
  /** Set for a streamed dialect DeepSeek serves natively: the proxy's body is then in that dialect. */
  native?: NativeDialect;
  signal?: AbortSignal;
};

export type ProxyOutcome = {
  /** The target that answered (after a failover inside a committed stream, not the one its headers name). */
  served: Served;
  usage: Usage | null;
  estimated: boolean;
  ttftMs: number | null;
  totalMs: number;
  status: "complete" | "error" | "cancelled";
  finishReason: string | null;
  error: { code: string; message: string } | null;
};

export type ProxyResponse = {
  /** The target that accepted the request: what the response headers say (see ProxyOutcome.served). */
  served: Served;
  /** OpenAI SSE bytes when streaming, else the chat.completion JSON bytes. */
  body: ReadableStream<Uint8Array>;
  /** The same bytes as `body` when the whole answer is already in memory (non-streamed): a fixed-length reply. */
  bytes?: Uint8Array;
  done: Promise<ProxyOutcome>;
};
