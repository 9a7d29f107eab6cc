import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Simulator, type SimulatorOptions, startSimulator } from "../../simulator/server.ts";
import type { Usage } from "../../simulator/usage.ts";
import { parseSse as parseKit, type SseStream } from "./sse.ts";

/** A parsed SSE stream of chat chunks. */
export type ParsedStream = SseStream<ChatChunk>;

/** The parts of a chat.completion.chunk the tests look at. */
export type ChatChunk = {
  id: string;
  object: string;
  created: number;
  model: string;
  system_fingerprint: string;
  choices: Array<{
    index: number;
    delta: {
      role?: string;
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: Array<{ index: number; id?: string; type?: string; function: { name?: string; arguments: string } }>;
    };
    logprobs: null;
    finish_reason: string | null;
  }>;
  usage?: Usage;
};

/** Starts one simulator for the file, resets its stats before each test and closes it afterwards. */
export function useSimulator(options: SimulatorOptions = {}): () => Simulator {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, ...options });
  });
  beforeEach(() => sim?.reset());
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (!sim) throw new Error("simulator not started");
    return sim;
  };
}

/** A minimal non-thinking chat body with one user message (DeepSeek thinks unless told otherwise). */
export function chatBody(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: "deepseek-flash", thinking: DISABLED, messages: [{ role: "user", content }], ...extra };
}

/** DeepSeek's thinking switch, on and off (https://api-docs.deepseek.com/guides/thinking_mode). */
export const ENABLED = { type: "enabled" } as const;
export const DISABLED = { type: "disabled" } as const;

/** POSTs a JSON body to `${base}/chat/completions`. */
export function postChat(
  base: string,
  body: unknown,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(`${base}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: init.signal,
  });
}

/** Parses SSE text the way a tolerant client would (LF or CRLF, comments, invalid JSON skipped). */
export function parseSse(raw: string): ParsedStream {
  return parseKit<ChatChunk>(raw);
}

/** Reads a whole streamed response and parses it. */
export async function readStream(res: Response): Promise<ParsedStream> {
  return parseSse(await res.text());
}

/** Reads a body until it errors or ends; returns the text received and the error, if any. */
export async function readUntilEnd(res: Response): Promise<{ text: string; error: unknown }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: null };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/** Reads a body until `predicate(textSoFar)` holds, then returns the text (the body stays open). */
export async function readUntil(res: Response, predicate: (text: string) => boolean): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!predicate(text)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before condition held:\n${text}`);
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

/** Concatenated `content` deltas of a parsed stream. */
export function contentOf(stream: ParsedStream): string {
  return stream.chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
}

/** Concatenated `reasoning_content` deltas of a parsed stream. */
export function reasoningOf(stream: ParsedStream): string {
  return stream.chunks.map((c) => c.choices[0]?.delta.reasoning_content ?? "").join("");
}

/** Polls until `check` returns true or the timeout passes. */
export async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** DeepSeek's usage shape as the simulator writes it (vLLM's has the three totals only). */
export type { Usage };
