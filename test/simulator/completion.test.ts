import { describe, expect, it } from "vitest";
import { chatBody, contentOf, ENABLED, postChat, readStream, useSimulator } from "../kit/simulator.ts";

const sim = useSimulator();

type Completion = {
  id: string;
  object: string;
  model: string;
  choices: Array<{
    index: number;
    message: { role: string; content: string; reasoning_content?: string };
    finish_reason: string;
  }>;
  usage: { prompt_tokens: number; completion_tokens: number; completion_tokens_details?: { reasoning_tokens: number } };
};

async function complete(body: Record<string, unknown>): Promise<Completion> {
  const res = await postChat(sim().url, body);
  expect(res.status).toBe(200);
  return (await res.json()) as Completion;
}

describe("non-streamed chat completions", () => {
  it("returns one chat.completion object with usage", async () => {
    const completion = await complete(chatBody("hello there"));
    expect(completion).toMatchObject({
      object: "chat.completion",
      model: "deepseek-flash",
      choices: [{ index: 0, message: { role: "assistant" }, finish_reason: "stop" }],
      usage: { completion_tokens: 40 },
    });
    expect(completion.usage.completion_tokens_details).toBeUndefined();
    expect(completion.choices[0]?.message.content.startsWith("This is the edgechat simulator")).toBe(true);
    expect("reasoning_content" in (completion.choices[0]?.message ?? {})).toBe(false);
  });

  it("includes reasoning_content when the request thinks", async () => {
    const completion = await complete(chatBody("hi", { thinking: ENABLED }));
    expect(completion.choices[0]?.message.reasoning_content?.startsWith("Thinking about the question")).toBe(true);
    expect(completion.usage.completion_tokens).toBe(70);
    expect(completion.usage.completion_tokens_details).toEqual({ reasoning_tokens: 30 });
  });

  it("returns the same text as the streamed answer", async () => {
    const plain = await complete(chatBody("match me"));
    const streamed = await readStream(await postChat(sim().url, chatBody("match me", { stream: true })));
    expect(plain.choices[0]?.message.content).toBe(contentOf(streamed));
  });
});

describe("bad requests", () => {
  it("rejects invalid JSON with a 400 in the OpenAI error shape", async () => {
    const res = await postChat(sim().url, "{not json");
    expect(res.status).toBe(400);
    expect(res.headers.get("x-edgechat-simulator")).toBe("1");
    expect(await res.json()).toEqual({
      error: {
        message: expect.any(String),
        type: "invalid_request_error",
        param: null,
        code: "invalid_request_error",
      },
    });
  });

  it("rejects a body without a messages array", async () => {
    const res = await postChat(sim().url, { model: "deepseek-flash", messages: "hi" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });

  it("rejects an unknown fault name instead of silently ignoring it", async () => {
    const res = await postChat(`${sim().url}/fault=typo`, chatBody("hi"));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("typo");
  });

  it("answers unknown routes with 404", async () => {
    const res = await fetch(`${sim().url}/v1/nowhere`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-edgechat-simulator")).toBe("1");
  });
});

describe("routes", () => {
  it("lists DeepSeek's current models under any path ending in /models", async () => {
    for (const path of ["/models", "/v1/models", "/label=x/v1/models"]) {
      const res = await fetch(`${sim().url}${path}`);
      expect(res.headers.get("x-edgechat-simulator")).toBe("1");
      expect(await res.json()).toEqual({
        object: "list",
        data: [
          { id: "deepseek-flash", object: "model", owned_by: "deepseek" },
          { id: "deepseek-v4-pro", object: "model", owned_by: "deepseek" },
        ],
      });
    }
  });

  it("serves chat completions under /chat/completions, /v1/chat/completions and option prefixes", async () => {
    for (const base of ["", "/v1", "/label=a/v1", "/label=b/fault=none"]) {
      const res = await postChat(`${sim().url}${base}`, chatBody("hi"));
      expect(res.status).toBe(200);
    }
  });
});

describe("test markers", () => {
  it("[[markdown]] answers with a Markdown sample", async () => {
    const { choices } = await complete(chatBody("show me [[markdown]] please"));
    const text = choices[0]?.message.content;
    expect(text).toContain("This is the edgechat simulator");
    expect(text).toMatch(/^# .+$/m);
    expect(text).toMatch(/^- .+$/m);
    expect(text).toMatch(/^\| .+ \|$/m);
    expect(text).toContain("```ts\n");
    expect(text).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\)/);
  });

  it("[[markdown]] streams the same Markdown, whitespace intact", async () => {
    const plain = await complete(chatBody("[[markdown]]"));
    const streamed = await readStream(await postChat(sim().url, chatBody("[[markdown]]", { stream: true })));
    expect(contentOf(streamed)).toBe(plain.choices[0]?.message.content);
  });

  it("[[xss]] answers with script, onerror and javascript: payloads", async () => {
    const streamed = await readStream(await postChat(sim().url, chatBody("[[xss]]", { stream: true })));
    const text = contentOf(streamed);
    expect(text).toContain('<img src=x onerror="window.__xss=1">');
    expect(text).toContain("<script>window.__xss=1</script>");
    expect(text).toContain("](javascript:alert(1))");
  });
});
