import { describe, expect, it } from "vitest";
import { anthropicRenderer } from "../../../src/formats/anthropic/stream-renderer.ts";
import { dialectStream } from "../../../src/formats/dialect-stream.ts";
import { responsesRenderer } from "../../../src/formats/responses/stream-renderer.ts";
import { sseEvents } from "../../kit/sse.ts";
import { cutAt, fixtures, streamOf } from "../../kit/worker/recorded-chunks.ts";

type Event = { type: string; [field: string]: unknown };

async function render(chunks: Array<string | Uint8Array>, kind: "messages" | "responses"): Promise<Event[]> {
  const renderer =
    kind === "messages"
      ? anthropicRenderer({ id: "msg_1", model: "claude-sonnet-4-5" })
      : responsesRenderer(
          {
            id: `resp_${"0".repeat(32)}`,
            createdAt: 1,
            model: "deepseek-reasoner",
            request: { model: "m", input: "x" },
          },
          { schema: null, onEnd: () => undefined },
        );
  const text = await new Response(streamOf(chunks).pipeThrough(dialectStream(renderer))).text();
  return sseEvents<Event>(text);
}

const recorded = fixtures.deepseekKeepalive;

describe("a DeepSeek stream rendered in each dialect", () => {
  it("becomes Anthropic's thinking and text blocks with usage in message_delta", async () => {
    const events = await render(recorded, "messages");
    expect(events.map((event) => event.type)).toEqual([
      "message_start",
      "ping",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events.at(-2)).toMatchObject({
      delta: { stop_reason: "end_turn" },
      usage: { input_tokens: 4, cache_read_input_tokens: 8, output_tokens: 9 },
    });
  });

  it("becomes the Responses API's items, ending with response.completed and its usage", async () => {
    const events = await render(recorded, "responses");
    const completed = events.at(-1) as { type: string; response: { output: Array<{ type: string }>; usage: unknown } };
    expect(completed.type).toBe("response.completed");
    expect(completed.response.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    expect(completed.response.usage).toMatchObject({
      input_tokens: 12,
      input_tokens_details: { cached_tokens: 8 },
      output_tokens_details: { reasoning_tokens: 4 },
    });
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  });

  it("renders the same events wherever the upstream's bytes are cut", async () => {
    for (const kind of ["messages", "responses"] as const) {
      const whole = await render(recorded, kind);
      const length = new TextEncoder().encode(recorded.join("")).length;
      for (let offset = 1; offset < length; offset++) {
        expect(await render(cutAt(recorded, offset), kind)).toEqual(whole);
      }
    }
  });

  it("turns a malformed event into the dialect's error and stops", async () => {
    const messages = await render(fixtures.malformed, "messages");
    expect(messages.at(-1)).toMatchObject({ type: "error", error: { type: "api_error" } });
    const responses = await render(fixtures.malformed, "responses");
    expect(responses.at(-1)).toMatchObject({ type: "response.failed", response: { status: "failed" } });
  });
});
