import { describe, expect, it } from "vitest";
import * as z from "zod";
import { startSimulator } from "../../simulator/server.ts";
import { contentOf, postChat, readStream, useSimulator } from "../kit/simulator.ts";

const sim = useSimulator();
const vllm = () => `${sim().url}/engine=vllm/v1`;
const hi = (extra: Record<string, unknown> = {}) => ({
  model: "deepseek-ai/DeepSeek-V4-Flash",
  messages: [{ role: "user", content: "hi" }],
  ...extra,
});

type Message = Record<string, unknown> & { content: string };

async function message(body: Record<string, unknown>, base = vllm()): Promise<Message> {
  const res = await postChat(base, body);
  expect(res.status).toBe(200);
  return ((await res.json()) as { choices: Array<{ message: Message }> }).choices[0]?.message as Message;
}

describe("engine=vllm speaks vLLM's dialect", () => {
  it("does not think by default with a DeepSeek template", async () => {
    const answer = await message(hi());
    expect(Object.keys(answer).sort()).toEqual(["content", "role"]);
  });

  it("thinks when chat_template_kwargs says thinking (or enable_thinking), in the field `reasoning`", async () => {
    for (const kwargs of [{ thinking: true }, { enable_thinking: true }]) {
      const answer = await message(hi({ chat_template_kwargs: kwargs }));
      expect(answer.reasoning).toMatch(/^Thinking about the question/);
      expect("reasoning_content" in answer).toBe(false);
    }
    const stream = await readStream(
      await postChat(vllm(), hi({ chat_template_kwargs: { thinking: true }, stream: true })),
    );
    const deltas = stream.chunks.map((c) => c.choices[0]?.delta ?? {});
    expect(deltas.filter((d) => typeof d.reasoning === "string")).toHaveLength(30);
    expect(deltas.some((d) => "reasoning_content" in d)).toBe(false);
    expect(deltas[30]).toEqual({ content: "This " });
  });

  it("accepts earlier reasoning on assistant messages and has no passback rule", async () => {
    const call = { id: "call_1", type: "function", function: { name: "f", arguments: "{}" } };
    const messages = [
      { role: "user", content: "call f" },
      { role: "assistant", content: "", reasoning: "I should call f", tool_calls: [call] },
      { role: "tool", tool_call_id: "call_1", content: "42" },
    ];
    const answer = await message({ model: "m", messages, chat_template_kwargs: { thinking: true } });
    expect(answer.content).toContain("42");
  });

  it("guided decoding makes the output conform to a json_schema response_format", async () => {
    const schema = z.object({
      name: z.string(),
      age: z.int().min(18),
      tags: z.array(z.enum(["a", "b"])).min(2),
      address: z.object({ city: z.string(), zip: z.string().nullable() }),
    });
    const format = { type: "json_schema", json_schema: { name: "person", schema: z.toJSONSchema(schema) } };
    const answer = await message(hi({ response_format: format }));
    expect(schema.safeParse(JSON.parse(answer.content)).success).toBe(true);
    const streamed = await readStream(await postChat(vllm(), hi({ response_format: format, stream: true })));
    expect(contentOf(streamed)).toBe(answer.content);
  });

  it("serves whatever model the request names, unless models= restricts it (then vLLM's 404)", async () => {
    expect((await postChat(vllm(), hi({ model: "my-own-finetune" }))).status).toBe(200);
    const restricted = `${sim().url}/engine=vllm,models=served-a+served-b/v1`;
    expect((await postChat(restricted, hi({ model: "served-b" }))).status).toBe(200);
    const res = await postChat(restricted, hi({ model: "deepseek-chat" }));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { message: "The model `deepseek-chat` does not exist.", type: "NotFoundError", param: null, code: 404 },
    });
    const models = (await (await fetch(`${restricted}/models`)).json()) as {
      data: Array<{ id: string; owned_by: string }>;
    };
    expect(models.data).toEqual([
      { id: "served-a", object: "model", owned_by: "vllm" },
      { id: "served-b", object: "model", owned_by: "vllm" },
    ]);
  });

  it("reports vLLM's usage (no DeepSeek cache fields), streamed only with include_usage", async () => {
    const body = hi({ stream: true, stream_options: { include_usage: true } });
    const usage = (await readStream(await postChat(vllm(), body))).chunks.at(-1)?.usage;
    expect(usage).toEqual({ prompt_tokens: 5, completion_tokens: 40, total_tokens: 45, prompt_tokens_details: null });
  });

  it("can be the server-wide default", async () => {
    const server = await startSimulator({ quiet: true, engine: "vllm" });
    try {
      const answer = await message(
        hi({ model: "deepseek-chat", chat_template_kwargs: { thinking: true } }),
        server.url,
      );
      expect(typeof answer.reasoning).toBe("string");
      expect(server.stats().recent[0]?.engine).toBe("vllm");
    } finally {
      await server.close();
    }
  });
});

describe("engine=sglang speaks SGLang's dialect: vLLM's, with reasoning in `reasoning_content`", () => {
  const sglang = () => `${sim().url}/engine=sglang/v1`;

  it("streams reasoning as `reasoning_content` when chat_template_kwargs says thinking", async () => {
    const stream = await readStream(
      await postChat(sglang(), hi({ chat_template_kwargs: { thinking: true }, stream: true })),
    );
    const deltas = stream.chunks.map((c) => c.choices[0]?.delta ?? {});
    expect(deltas.filter((d) => typeof d.reasoning_content === "string")).toHaveLength(30);
    expect(deltas.some((d) => "reasoning" in d)).toBe(false);
    const answer = await message(hi({ chat_template_kwargs: { thinking: true } }), sglang());
    expect(answer.reasoning_content).toMatch(/^Thinking about the question/);
  });

  it("sends OpenAI's usage-only chunk only with include_usage, and lists its models as owned by sglang", async () => {
    const asked = await readStream(
      await postChat(sglang(), hi({ stream: true, stream_options: { include_usage: true } })),
    );
    expect(asked.chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 40 } });
    const notAsked = await readStream(await postChat(sglang(), hi({ stream: true })));
    expect(notAsked.chunks.some((chunk) => "usage" in chunk)).toBe(false);
    const models = (await (await fetch(`${sglang()}/models`)).json()) as { data: Array<{ owned_by: string }> };
    expect(models.data.map((model) => model.owned_by)).toEqual(["sglang"]);
  });
});
