// Conformance with the two other formats DeepSeek serves, as documented today: the Anthropic Messages API under
// https://api.deepseek.com/anthropic (https://api-docs.deepseek.com/guides/anthropic_api) and the Responses API at
// https://api.deepseek.com/responses. The gateway passes streams to both through untouched and meters them from
// a few events (docs/formats.md), so these are the shapes it relies on. Run against the simulator in `npm test`
// and against api.deepseek.com by `npm run test:live` when DEEPSEEK_API_KEY is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSse } from "../kit/sse.ts";
import { deepSeekTargets, type LiveTarget } from "./targets.ts";

const hello = "Say hello in five words.";

/** POSTs JSON to a path under the target's base URL; Anthropic-style auth when `anthropic` is set. */
async function post(
  target: LiveTarget,
  path: string,
  body: Record<string, unknown>,
  anthropic = false,
): Promise<Response> {
  const auth: Record<string, string> = anthropic
    ? { "x-api-key": target.apiKey, "anthropic-version": "2023-06-01" }
    : { authorization: `Bearer ${target.apiKey}` };
  return fetch(`${target.baseUrl()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth },
    body: JSON.stringify(body),
  });
}

/** The named events of an SSE body, in order, with their JSON payloads. */
async function namedEvents(response: Response): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  const raw = await response.text();
  const events: Array<{ event: string; data: Record<string, unknown> }> = [];
  for (const block of raw.split(/\r?\n\r?\n/)) {
    const name = /^event:\s*(.+)$/m.exec(block)?.[1]?.trim();
    const parsed = parseSse<Record<string, unknown>>(block).chunks[0];
    if (parsed) events.push({ event: name ?? String(parsed.type), data: parsed });
  }
  return events;
}

type AnthropicUsage = { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number };

describe.each(deepSeekTargets())("DeepSeek's Anthropic and Responses formats: $name", (target) => {
  beforeAll(() => target.start());
  afterAll(() => target.stop());

  describe("Anthropic Messages at /anthropic/v1/messages", () => {
    const messages = [{ role: "user", content: hello }];

    it("answers a message with text content, a stop reason and Anthropic's usage fields", async () => {
      const response = await post(
        target,
        "/anthropic/v1/messages",
        { model: target.model, max_tokens: 200, messages, thinking: { type: "disabled" } },
        true,
      );
      expect(response.status).toBe(200);
      const message = (await response.json()) as {
        type: string;
        role: string;
        content: Array<{ type: string; text?: string }>;
        stop_reason: string;
        usage: AnthropicUsage;
      };
      expect(message).toMatchObject({ type: "message", role: "assistant", stop_reason: "end_turn" });
      expect(message.content.some((block) => block.type === "text" && (block.text ?? "").length > 0)).toBe(true);
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      expect(message.usage.output_tokens).toBeGreaterThan(0);
    });

    it("maps claude-* names to its own models and refuses other unknown names with 400", async () => {
      const claude = await post(
        target,
        "/anthropic/v1/messages",
        { model: "claude-sonnet-4-5", max_tokens: 50, messages, thinking: { type: "disabled" } },
        true,
      );
      expect(claude.status).toBe(200);
      const unknown = await post(
        target,
        "/anthropic/v1/messages",
        { model: "not-a-model-name", max_tokens: 50, messages },
        true,
      );
      expect(unknown.status).toBe(400);
    });

    // The gateway's native meter reads only these: input (and cache reads) on message_start, output tokens and
    // the stop reason on message_delta, the end on message_stop.
    it("streams message_start with the input usage, blocks, message_delta with the output usage, message_stop", async () => {
      const response = await post(
        target,
        "/anthropic/v1/messages",
        { model: target.model, max_tokens: 400, messages, stream: true, thinking: { type: "enabled" } },
        true,
      );
      expect(response.status).toBe(200);
      const events = await namedEvents(response);
      const names = events.map((e) => e.event);
      expect(names[0]).toBe("message_start");
      expect(names.at(-1)).toBe("message_stop");
      const start = events[0]?.data.message as { usage: AnthropicUsage };
      expect(start.usage.input_tokens).toBeGreaterThan(0);
      const delta = events.find((e) => e.event === "message_delta")?.data as {
        delta: { stop_reason: string };
        usage: AnthropicUsage;
      };
      expect(delta.delta.stop_reason).toBe("end_turn");
      expect(delta.usage.output_tokens).toBeGreaterThan(0);
      const blockTypes = events
        .filter((e) => e.event === "content_block_start")
        .map((e) => (e.data.content_block as { type: string }).type);
      expect(blockTypes).toContain("thinking");
      expect(blockTypes.at(-1)).toBe("text");
      const deltaTypes = new Set(
        events.filter((e) => e.event === "content_block_delta").map((e) => (e.data.delta as { type: string }).type),
      );
      expect(deltaTypes).toContain("thinking_delta");
      expect(deltaTypes).toContain("text_delta");
    });
  });

  describe("Responses at /responses", () => {
    type Usage = {
      input_tokens: number;
      output_tokens: number;
      total_tokens: number;
      output_tokens_details?: { reasoning_tokens: number };
    };
    type ResponseObject = {
      object: string;
      status: string;
      output: Array<{ type: string; content?: Array<{ type: string; text?: string }> }>;
      usage: Usage;
    };

    it("answers a completed response with a message item and usage", async () => {
      const response = await post(target, "/responses", {
        model: target.model,
        input: hello,
        reasoning: { effort: "none" },
        max_output_tokens: 200,
        store: false,
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as ResponseObject;
      expect(body).toMatchObject({ object: "response", status: "completed" });
      const message = body.output.find((item) => item.type === "message");
      expect(message?.content?.some((part) => part.type === "output_text" && (part.text ?? "").length > 0)).toBe(true);
      expect(body.output.some((item) => item.type === "reasoning")).toBe(false);
      expect(body.usage.total_tokens).toBe(body.usage.input_tokens + body.usage.output_tokens);
    });

    // The gateway's native meter reads only the terminal event's usage; a stream has no [DONE].
    it("streams response.created first and response.completed last, with the usage on it", async () => {
      const response = await post(target, "/responses", {
        model: target.model,
        input: hello,
        reasoning: { effort: "low" },
        max_output_tokens: 400,
        stream: true,
        store: false,
      });
      expect(response.status).toBe(200);
      const events = await namedEvents(response);
      const names = events.map((e) => e.event);
      expect(names[0]).toBe("response.created");
      expect(names.at(-1)).toBe("response.completed");
      expect(names).toContain("response.output_text.delta");
      const completed = events.at(-1)?.data.response as ResponseObject;
      expect(completed.status).toBe("completed");
      expect(completed.usage.input_tokens).toBeGreaterThan(0);
      expect(completed.usage.output_tokens).toBeGreaterThan(0);
      expect(completed.usage.output_tokens_details?.reasoning_tokens ?? 0).toBeGreaterThan(0);
      expect(completed.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    });
  });
});
