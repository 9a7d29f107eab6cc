import { describe, expect, it } from "vitest";
import type { InferenceEvent } from "../../../src/inference/types.ts";
import { chunksToEvents } from "../../../src/inference/wire/openai-chunks.ts";
import { sseDataStream } from "../../../src/inference/wire/sse.ts";
import { collect } from "../../kit/worker/inference.ts";
import { cutAt, fixtures, streamOf } from "../../kit/worker/recorded-chunks.ts";

function events(chunks: Array<string | Uint8Array>): Promise<InferenceEvent[]> {
  return collect(streamOf(chunks).pipeThrough(sseDataStream()).pipeThrough(chunksToEvents()));
}

const expected: InferenceEvent[] = [
  { type: "reasoning-delta", text: "Let me " },
  { type: "reasoning-delta", text: "think." },
  { type: "text-delta", text: "Déjà " },
  { type: "text-delta", text: "vu 🙂" },
  {
    type: "usage",
    usage: { promptTokens: 12, completionTokens: 9, reasoningTokens: 4, cacheHitTokens: 8, cacheMissTokens: 4 },
    estimated: false,
  },
  { type: "finish", reason: "stop" },
];

describe("SSE parsing", () => {
  it("skips keep-alive comments and blank lines, accepts CRLF, joins lines split across chunks", async () => {
    expect(await events(fixtures.deepseekKeepalive)).toEqual(expected);
  });

  it("gives the same events wherever the bytes are cut, inside a UTF-8 character included", async () => {
    const length = new TextEncoder().encode(fixtures.deepseekKeepalive.join("")).length;
    for (let offset = 1; offset < length; offset += 7) {
      expect(await events(cutAt(fixtures.deepseekKeepalive, offset)), `cut at ${offset}`).toEqual(expected);
    }
    const emoji = new TextEncoder().encode(fixtures.deepseekKeepalive.join("")).indexOf(0xf0);
    expect(await events(cutAt(fixtures.deepseekKeepalive, emoji + 2))).toEqual(expected);
  });

  it("turns a malformed chunk into an error event instead of throwing, and stops there", async () => {
    expect(await events(fixtures.malformed)).toEqual([
      { type: "text-delta", text: "Hello" },
      { type: "error", code: "upstream_malformed", message: expect.any(String) },
    ]);
  });

  it("reports a stream that ends without a finish as an error", async () => {
    const cut = fixtures.deepseekKeepalive.join("").split("data: {").slice(0, 3).join("data: {");
    const result = await events([cut]);
    expect(result.at(-1)).toMatchObject({ type: "error", code: "upstream_interrupted" });
  });

  it("reads an upstream error object and a last event without its blank line", async () => {
    expect(await events(['data: {"error":{"message":"Server overloaded","code":"busy"}}'])).toEqual([
      { type: "error", code: "upstream_error", message: "Server overloaded" },
    ]);
    expect(await events(['data: {"choices":[{"delta":{"content":"hi"},"finish_reason":"length"}]}'])).toEqual([
      { type: "text-delta", text: "hi" },
      { type: "finish", reason: "length" },
    ]);
  });

  it("accepts multi-line data fields and ignores other fields", async () => {
    const data = await collect(
      streamOf(["event: x\nid: 3\ndata: a\ndata: b\n\nretry: 5\n\n"]).pipeThrough(sseDataStream()),
    );
    expect(data).toEqual(["a\nb"]);
  });
});
