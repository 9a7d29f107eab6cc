import deepseekKeepalive from "../../fixtures/deepseek-reasoner-keepalive.chunks.txt?raw";
import malformed from "../../fixtures/malformed.chunks.txt?raw";
import workersAiR1 from "../../fixtures/workers-ai-r1.chunks.txt?raw";

/** Recorded SSE chunks (one JSON string per line in test/fixtures/*.chunks.txt). */
export const fixtures = {
  deepseekKeepalive: parse(deepseekKeepalive),
  malformed: parse(malformed),
  workersAiR1: parse(workersAiR1),
};

function parse(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as string);
}

/** A byte stream of the given chunks. */
export function streamOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

/** The same bytes cut in two at `offset` (anywhere: inside a line, a CRLF or a UTF-8 character). */
export function cutAt(chunks: string[], offset: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(chunks.join(""));
  return [bytes.slice(0, offset), bytes.slice(offset)];
}
