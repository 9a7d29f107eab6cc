// The pass-through's meter reads a stream's first and last kilobytes event by event and only counts the middle:
// whatever the stream's length and however its bytes are cut, it finds the usage, the finish and the end, and a
// stream that breaks is estimated from the events it forwarded.
import { describe, expect, it } from "vitest";
import { meterCopy } from "../../../src/inference/passthrough/meter-copy.ts";
import { openAiWire } from "../../../src/inference/passthrough/proxy-native.ts";
import { newMeter } from "../../../src/inference/passthrough/proxy-outcome.ts";

const encoder = new TextEncoder();

function event(content: string, finish: string | null, extra: Record<string, unknown> = {}): string {
  const chunk = {
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model: "deepseek-v4-flash",
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
    ...extra,
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

function tokenEvent(index: number): string {
  return event(`token ${index} `, null);
}

function answer(tokens: number): string {
  const usage = { prompt_tokens: 11, completion_tokens: tokens, total_tokens: 11 + tokens };
  let text = "";
  for (let index = 0; index < tokens; index++) text += tokenEvent(index);
  return `${text}${event("", "stop", { usage })}data: [DONE]\n\n`;
}

/** The bytes as the runtime would queue them (a byte stream the meter can read in BYOB blocks), in these pieces. */
function byteStream(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  const { readable, writable } = new IdentityTransformStream();
  void (async () => {
    const writer = writable.getWriter();
    for (const piece of pieces) await writer.write(piece);
    await writer.close();
  })();
  return readable;
}

/** The text cut every `size` bytes, or at every event's end ("events"). */
function cut(text: string, size: number | "events"): Uint8Array[] {
  if (size === "events") return text.split(/(?<=\n\n)/).map((event) => encoder.encode(event));
  const bytes = encoder.encode(text);
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.slice(at, at + size));
  return pieces;
}

/** The fewest token events whose bytes reach the part the meter reads event by event (its first 4 KB). */
function tokensFillingTheHead(): number {
  let bytes = 0;
  let tokens = 0;
  while (bytes < 4_096) bytes += encoder.encode(tokenEvent(tokens++)).length;
  return tokens;
}

async function metered(pieces: Uint8Array[]) {
  const meter = newMeter();
  const copy = meterCopy(byteStream(pieces), [], openAiWire("", "deepseek-v4-flash"), meter, () => undefined);
  copy.hurry();
  await copy.done;
  return meter;
}

describe("the pass-through's meter", () => {
  const head = tokensFillingTheHead();
  for (const tokens of [0, 3, head - 1, head, head + 1, 200, 2_000]) {
    for (const size of [1, 4_096, 1 << 20, "events"] as const) {
      it(`${tokens} tokens cut every ${size} bytes: usage, finish and end found`, async () => {
        const meter = await metered(cut(answer(tokens), size));
        expect(meter.usage).toMatchObject({ promptTokens: 11, completionTokens: tokens });
        expect(meter.finishReason).toBe("stop");
        expect(meter.sawDone).toBe(true);
        expect(meter.upstreamError).toBeNull();
      });
    }
  }

  for (const share of [0.3, 0.6, 0.97]) {
    it(`a stream broken at ${share * 100}% of 2,000 tokens: no usage or end, and its events estimated within 5%`, async () => {
      const whole = encoder.encode(answer(2_000));
      const text = new TextDecoder().decode(whole.slice(0, Math.floor(whole.length * share)));
      const forwarded = text.split("\n\n").length - 1;
      const meter = await metered(cut(text, 1_500));
      expect(meter.usage).toBeNull();
      expect(meter.sawDone).toBe(false);
      expect(meter.finishReason).toBeNull();
      expect(Math.abs(meter.events - forwarded) / forwarded).toBeLessThan(0.05);
    });
  }

  for (const size of [7, 1_500, 4_096, 65_536, 1 << 20, "events"] as const) {
    it(`a last event longer than the tail (20 KB, after 2,000 tokens) cut every ${size} bytes is read whole`, async () => {
      const usage = { prompt_tokens: 11, completion_tokens: 2_000, total_tokens: 2_011 };
      let text = "";
      for (let index = 0; index < 2_000; index++) text += tokenEvent(index);
      text += `${event("x".repeat(20_000), "stop", { usage })}data: [DONE]\n\n`;
      const meter = await metered(cut(text, size));
      expect(meter.usage).toMatchObject({ promptTokens: 11, completionTokens: 2_000 });
      expect(meter.finishReason).toBe("stop");
      expect(meter.sawDone).toBe(true);
    });
  }

  it("a 300 KB last event arriving in small blocks is kept whole", async () => {
    const usage = { prompt_tokens: 11, completion_tokens: 500, total_tokens: 511 };
    let text = "";
    for (let index = 0; index < 500; index++) text += tokenEvent(index);
    text += `${event("y".repeat(300_000), "length", { usage })}data: [DONE]\n\n`;
    const meter = await metered(cut(text, 4_000));
    expect(meter.usage).toMatchObject({ completionTokens: 500 });
    expect(meter.finishReason).toBe("length");
  });

  it("an upstream error event at the end of a long stream is found", async () => {
    const error = `data: ${JSON.stringify({ error: { message: "overloaded", type: "server_error" } })}\n\n`;
    let text = "";
    for (let index = 0; index < 500; index++) text += tokenEvent(index);
    const meter = await metered(cut(text + error, 4_000));
    expect(meter.upstreamError).toBe("overloaded");
  });
});
