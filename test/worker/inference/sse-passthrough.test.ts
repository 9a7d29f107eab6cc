import { describe, expect, it } from "vitest";
import type { PassthroughMeter } from "../../../src/inference/types.ts";
import { completeEvents, meterEvents } from "../../../src/inference/wire/sse-passthrough.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const content = 'data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n';
const finish = 'data: {"choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}]}\n\n';
const usage = 'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}\n\n';
const done = "data: [DONE]\n\n";

function run(chunks: string[], strip: boolean, rename = false): { out: string; meter: PassthroughMeter } {
  const meter: PassthroughMeter = { usage: null, finishReason: null, sawDone: false, upstreamError: null, events: 0 };
  let held: Uint8Array | null = null;
  let out = "";
  for (const chunk of chunks) {
    const split = completeEvents(held, encoder.encode(chunk));
    held = split.rest;
    out += decoder.decode(meterEvents(split.ready, meter, strip, rename));
  }
  return { out, meter };
}

describe("the /v1 pass-through", () => {
  it("forwards the very same bytes when nothing must change", () => {
    const chunk = encoder.encode(content);
    const meter: PassthroughMeter = { usage: null, finishReason: null, sawDone: false, upstreamError: null, events: 0 };
    const split = completeEvents(null, chunk);
    expect(split.ready).toBe(chunk);
    expect(meterEvents(split.ready, meter, true, false)).toBe(chunk);
  });

  it("reads usage, finish reason and [DONE], and strips the usage chunk the client did not ask for", () => {
    const { out, meter } = run([content, finish, usage, done], true);
    expect(out).toBe(content + finish + done);
    expect(meter).toMatchObject({ finishReason: "stop", sawDone: true, events: 4 });
    expect(meter.usage).toMatchObject({ promptTokens: 3, completionTokens: 2 });
  });

  it("keeps the usage chunk when the client asked for it, even when it arrives cut in pieces", () => {
    const all = content + finish + usage + done;
    for (let cut = 1; cut < all.length; cut += 5) {
      const { out, meter } = run([all.slice(0, cut), all.slice(cut)], false);
      expect(out).toBe(all);
      expect(meter.usage?.promptTokens).toBe(3);
      const stripped = run([all.slice(0, cut), all.slice(cut)], true);
      expect(stripped.out).toBe(content + finish + done);
    }
  });

  it("finds the usage chunk inside a whole answer sent in one write, with LF or CRLF events", () => {
    const crlfUsage = usage.replace("\n\n", "\r\n\r\n");
    for (const tail of [usage, crlfUsage]) {
      const burst = content.repeat(300) + finish + tail + done;
      const bytes = encoder.encode(burst);
      const meter: PassthroughMeter = {
        usage: null,
        finishReason: null,
        sawDone: false,
        upstreamError: null,
        events: 0,
      };
      expect(meterEvents(bytes, meter, false, false)).toBe(bytes);
      expect(meter).toMatchObject({ finishReason: "stop", sawDone: true, events: 303 });
      expect(meter.usage?.completionTokens).toBe(2);
      expect(run([burst], true).out).toBe(content.repeat(300) + finish + done);
    }
  });

  it("renames a self-hosted server's `reasoning` field to DeepSeek's `reasoning_content`", () => {
    const vllm = 'data: {"choices":[{"index":0,"delta":{"reasoning":"hmm"},"finish_reason":null}]}\n\n';
    expect(run([vllm], false, true).out).toContain('"reasoning_content":"hmm"');
  });
});
