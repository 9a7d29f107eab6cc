/** The /v1 pass-through's vocabulary, shared by the orchestrator (proxy.ts) and its paths (proxy-*.ts). */
import type { Region } from "../../env.ts";
import type { Thinking } from "../routing/thinking.ts";
import type { Served, Usage } from "../types.ts";

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
