// Times one streamed chat completion from the client's side: first token and whole stream.

/** Where a request goes: the gateway, the floor worker or the simulator directly. */
export type Target = { name: string; url: string; headers: Record<string, string> };

/** What one streamed request took, in milliseconds, and how many tokens (deltas) it carried. */
export type StreamTiming = { ttftMs: number; totalMs: number; tokens: number; status: number };

/** The body every target gets: same prompt, same model, so the upstream's work is identical. */
export function chatBody(model: string, stream: boolean, maxTokens?: number): string {
  return JSON.stringify({
    model,
    messages: [{ role: "user", content: "How fast is the edge?" }],
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
  });
}

/** Sends one streamed request and times the first non-empty reasoning or text delta and the end of the stream. */
export async function timeStream(target: Target, body: string, timeoutMs = 20_000): Promise<StreamTiming> {
  const started = performance.now();
  const response = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...target.headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok || response.body === null) {
    await response.arrayBuffer().catch(() => undefined);
    return { ttftMs: Number.NaN, totalMs: Number.NaN, tokens: 0, status: response.status };
  }
  const decoder = new TextDecoder();
  let buffered = "";
  let ttftMs = Number.NaN;
  let tokens = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (!isTokenLine(line)) continue;
      tokens++;
      if (Number.isNaN(ttftMs)) ttftMs = performance.now() - started;
    }
  }
  return { ttftMs, totalMs: performance.now() - started, tokens, status: response.status };
}

/** True for an SSE data line whose first choice carries a non-empty content or reasoning delta. */
function isTokenLine(line: string): boolean {
  if (!line.startsWith("data:")) return false;
  const data = line.slice(5).trim();
  if (data === "" || data === "[DONE]") return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return false;
  }
  const delta = firstDelta(parsed);
  return nonEmpty(delta?.content) || nonEmpty(delta?.reasoning_content);
}

function firstDelta(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || !("choices" in value)) return undefined;
  const choices = value.choices;
  if (!Array.isArray(choices)) return undefined;
  const first: unknown = choices[0];
  if (typeof first !== "object" || first === null || !("delta" in first)) return undefined;
  const delta = first.delta;
  return typeof delta === "object" && delta !== null ? (delta as Record<string, unknown>) : undefined;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}
