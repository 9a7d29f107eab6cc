import { env, exports } from "cloudflare:workers";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { base, createKey } from "../../kit/worker/v1.ts";

type Recorded = { label: string; model: string; body: Record<string, unknown> };

/** The body the simulator recorded for the request whose first message is `nonce`. */
async function received(nonce: string): Promise<Recorded> {
  const stats = await (await fetch(`${env.SIMULATOR_URL}/__stats`)).json<{ recent: Recorded[] }>();
  const found = stats.recent.find((entry) => {
    const messages = entry.body.messages;
    return Array.isArray(messages) && JSON.stringify(messages).includes(nonce);
  });
  if (!found) throw new Error(`the simulator recorded no request containing ${nonce}`);
  return found;
}

/** The official SDK against the Worker; `country` picks the route (US: DeepSeek first, DE: the EU vLLM server). */
function client(apiKey: string, country: "US" | "DE"): OpenAI {
  return new OpenAI({
    apiKey,
    baseURL: `${base}/v1`,
    maxRetries: 0,
    defaultHeaders: { "x-dev-country": country },
    fetch: (input, init) => exports.default.fetch(input, init),
  });
}

type Reasoned = { reasoning_content?: string | null };

const cases = [
  { id: "deepseek-flash", upstream: "deepseek-flash", thinking: true },
  { id: "deepseek-v4-pro", upstream: "deepseek-v4-pro", thinking: true },
  { id: "deepseek-chat", upstream: "deepseek-flash", thinking: false },
  { id: "deepseek-reasoner", upstream: "deepseek-flash", thinking: true },
];

describe("every public id and alias, on each provider", () => {
  for (const { id, upstream, thinking } of cases) {
    it(`${id}: DeepSeek receives ${upstream} with thinking ${thinking ? "enabled" : "disabled"}`, async () => {
      const key = await createKey();
      const nonce = `catalog-${crypto.randomUUID()}`;
      const completion = await client(key.key, "US").chat.completions.create({
        model: id,
        messages: [{ role: "user", content: nonce }],
      });
      const sent = await received(nonce);
      expect(sent.label).toBe("deepseek");
      expect(sent.body).toMatchObject({ model: upstream, thinking: { type: thinking ? "enabled" : "disabled" } });
      expect(sent.body).not.toHaveProperty("reasoning_effort");
      const message = completion.choices[0]?.message as Reasoned;
      expect(Boolean(message.reasoning_content)).toBe(thinking);
    });

    it(`${id}: a vLLM server receives ${upstream} with chat_template_kwargs thinking=${thinking}`, async () => {
      const key = await createKey();
      const nonce = `catalog-${crypto.randomUUID()}`;
      const stream = await client(key.key, "DE").chat.completions.create({
        model: id,
        messages: [{ role: "user", content: nonce }],
        stream: true,
      });
      let reasoning = "";
      let content = "";
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta as (Reasoned & { content?: string | null }) | undefined;
        reasoning += delta?.reasoning_content ?? "";
        content += delta?.content ?? "";
      }
      const sent = await received(nonce);
      expect(sent.label).toBe("gpu-eu-1");
      expect(sent.body).toMatchObject({ model: upstream, chat_template_kwargs: { thinking } });
      expect(sent.body).not.toHaveProperty("thinking");
      // vLLM streams its reasoning as `reasoning`; /v1 clients read it as reasoning_content.
      expect(reasoning.length > 0).toBe(thinking);
      expect(content).toMatch(/^This is the edgechat simulator/);
    });
  }

  it("maps a requested effort the way DeepSeek does (xhigh → high) and `none` switches thinking off", async () => {
    const key = await createKey();
    const nonce = `effort-${crypto.randomUUID()}`;
    await client(key.key, "US").chat.completions.create({
      model: "deepseek-flash",
      messages: [{ role: "user", content: nonce }],
      reasoning_effort: "xhigh" as "high",
    });
    expect((await received(nonce)).body).toMatchObject({ thinking: { type: "enabled" }, reasoning_effort: "high" });
    const off = `effort-none-${crypto.randomUUID()}`;
    const completion = await client(key.key, "US").chat.completions.create({
      model: "deepseek-reasoner",
      messages: [{ role: "user", content: off }],
      reasoning_effort: "none" as "low",
    });
    expect((await received(off)).body).toMatchObject({ thinking: { type: "disabled" } });
    const message = completion.choices[0]?.message as (OpenAI.ChatCompletionMessage & Reasoned) | undefined;
    expect(message?.reasoning_content ?? null).toBeNull();
  });

  it("rejects an unknown effort or thinking type as the client's mistake, naming the field", async () => {
    const key = await createKey();
    const response = await exports.default.fetch(`${base}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "deepseek-flash",
        messages: [{ role: "user", content: "x" }],
        thinking: { type: "on" },
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: "thinking.type" } });
  });
});

describe("interleaved thinking in a tool-calling loop", () => {
  const tools: OpenAI.ChatCompletionTool[] = [
    {
      type: "function",
      function: {
        name: "get_weather",
        description: "Weather in a city",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    },
  ];

  for (const country of ["US", "DE"] as const) {
    it(`passes the tool-call turn's reasoning back, so the second turn is accepted (${country === "US" ? "DeepSeek" : "vLLM"})`, async () => {
      const key = await createKey();
      const openai = client(key.key, country);
      const nonce = `tools-${crypto.randomUUID()}`;
      const question = { role: "user" as const, content: `${nonce}: call get_weather for Paris` };
      const first = await openai.chat.completions.create({ model: "deepseek-reasoner", messages: [question], tools });
      const turn = first.choices[0]?.message as OpenAI.ChatCompletionMessage & Reasoned;
      expect(first.choices[0]?.finish_reason).toBe("tool_calls");
      expect(turn.reasoning_content).toBeTruthy();
      const call = turn.tool_calls?.[0];
      if (call?.type !== "function") throw new Error("expected a function call");
      const history = [
        question,
        {
          role: "assistant" as const,
          content: turn.content,
          tool_calls: turn.tool_calls,
          reasoning_content: turn.reasoning_content,
        },
        { role: "tool" as const, tool_call_id: call.id, content: "18°C and sunny" },
      ];
      const second = await openai.chat.completions.create({
        model: "deepseek-reasoner",
        messages: history as OpenAI.ChatCompletionMessageParam[],
        tools,
      });
      expect(second.choices[0]?.message.content).toContain("18°C and sunny");
      const sent = (await received(`${nonce}: call`)) && (await lastWith(nonce, 3));
      const assistant = (sent.body.messages as Array<Record<string, unknown>>)[1];
      const field = country === "US" ? "reasoning_content" : "reasoning";
      expect(assistant?.[field]).toBe(turn.reasoning_content);
    });
  }

  it("a client that drops the tool-call turn's reasoning gets DeepSeek's 400: the request is theirs to fix", async () => {
    const key = await createKey();
    const openai = client(key.key, "US");
    const question = { role: "user" as const, content: `passback-${crypto.randomUUID()}: call get_weather for Rome` };
    const first = await openai.chat.completions.create({ model: "deepseek-reasoner", messages: [question], tools });
    const call = first.choices[0]?.message.tool_calls?.[0];
    if (!call) throw new Error("expected a tool call");
    const error = await openai.chat.completions
      .create({
        model: "deepseek-reasoner",
        tools,
        messages: [
          question,
          { role: "assistant", content: null, tool_calls: [call] },
          { role: "tool", tool_call_id: call.id, content: "20°C" },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain("reasoning_content");
  });
});

/** The newest recorded request whose messages mention `nonce` and number `count`. */
async function lastWith(nonce: string, count: number): Promise<Recorded> {
  const stats = await (await fetch(`${env.SIMULATOR_URL}/__stats`)).json<{ recent: Recorded[] }>();
  const found = stats.recent.filter((entry) => {
    const messages = entry.body.messages;
    return Array.isArray(messages) && messages.length === count && JSON.stringify(messages).includes(nonce);
  });
  const last = found.at(-1);
  if (!last) throw new Error(`no recorded request with ${count} messages mentioning ${nonce}`);
  return last;
}
