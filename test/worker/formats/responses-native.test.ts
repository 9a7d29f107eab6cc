import { env, exports } from "cloudflare:workers";
import type OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { streamedFunctionCall, weatherTool } from "../../kit/tools.ts";
import { uniqueLabel } from "../../kit/worker/inference.ts";
import { plainModel, thinkingModel } from "../../kit/worker/models.ts";
import {
  deepseekOnly,
  deepseekThenGpu,
  meteredColumns,
  openaiClient,
  requestsTo,
  usageRowCount,
} from "../../kit/worker/native.ts";
import { base, createKey, usageRow } from "../../kit/worker/v1.ts";

/** The simulator's own item ids (`msg_<32 hex>`): the events were DeepSeek's, not rendered by the gateway. */
const deepseekItemId = /^(msg|rs|fc)_[0-9a-f]{32}$/;

/** The text of each message item the gateway sent DeepSeek (a string, or an assistant's first output_text part). */
function textsOf(input: unknown): Array<string | undefined> {
  const items = input as Array<{ content?: string | Array<{ text?: string }> }>;
  return items.map((item) => (typeof item.content === "string" ? item.content : item.content?.[0]?.text));
}

describe("/v1/responses on DeepSeek: its own Responses endpoint, the state kept by the gateway", () => {
  it("the SDK's default streamed request goes to DeepSeek's /responses statelessly, and is stored for later", async () => {
    const key = await createKey();
    const label = uniqueLabel("responses-native");
    const requestId = crypto.randomUUID();
    const sdk = openaiClient(key.key, deepseekOnly(label), requestId);
    const stream = sdk.responses.stream({ model: plainModel, instructions: "You are terse.", input: "Say hello." });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(final.output[0]?.id).toMatch(deepseekItemId);
    const [sent] = await requestsTo(label);
    expect(sent?.path).toMatch(/\/responses$/);
    expect(sent?.body).toMatchObject({
      model: "deepseek-flash",
      stream: true,
      store: false,
      instructions: "You are terse.",
      reasoning: { effort: "none" },
    });
    expect(sent?.body).not.toHaveProperty("previous_response_id");
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ format: "responses", provider: "deepseek", status: "complete", estimated: 0 });
    expect(final.usage).toMatchObject({ input_tokens: row.prompt_tokens, output_tokens: row.completion_tokens });
    // Stored by the gateway from response.completed: retrievable and deletable like any other.
    const stored = await sdk.responses.retrieve(final.id);
    expect(stored.output_text).toBe(final.output_text);
    expect(stored).toMatchObject({ store: true });
    await sdk.responses.delete(final.id);
    await expect(sdk.responses.retrieve(final.id)).rejects.toMatchObject({ status: 404 });
  });

  it("a long streamed answer, whose last event is far longer than the meter's tail, is metered and stored whole", async () => {
    const key = await createKey();
    const label = uniqueLabel("responses-long");
    const requestId = crypto.randomUUID();
    const sdk = openaiClient(key.key, deepseekOnly(label, "tokens=3000,reasoning=40"), requestId);
    const stream = sdk.responses.stream({ model: thinkingModel, input: "Tell me a long story." });
    let deltas = 0;
    for await (const event of stream) if (event.type === "response.output_text.delta") deltas++;
    const final = await stream.finalResponse();
    expect(deltas).toBe(3000);
    const row = await usageRow(requestId);
    expect(row).toMatchObject({ status: "complete", estimated: 0, completion_tokens: 3040 });
    expect(final.usage?.output_tokens).toBe(3040);
    const stored = await sdk.responses.retrieve(final.id);
    expect(stored.output_text.length).toBeGreaterThan(4096);
    expect(stored.output_text).toBe(final.output_text);
  });

  it("round-trips a function call with previous_response_id: the gateway sends DeepSeek the whole conversation", async () => {
    const key = await createKey();
    const label = uniqueLabel("responses-tools");
    const sdk = openaiClient(key.key, deepseekOnly(label), crypto.randomUUID());
    const stream = sdk.responses.stream({
      model: thinkingModel,
      input: "Please call get_weather for Paris.",
      tools: [weatherTool],
    });
    const { response: first, call } = await streamedFunctionCall(stream);
    expect(call.id).toMatch(deepseekItemId);
    const second = await sdk.responses.create({
      model: thinkingModel,
      previous_response_id: first.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output: '{"forecast": "drizzle"}' }],
      tools: [weatherTool],
    });
    expect(second.status).toBe("completed");
    expect(second.output_text).toContain("drizzle");
    expect(second.previous_response_id).toBe(first.id);
    const sent = (await requestsTo(label)).map((request) => request.body);
    expect(sent[1]).not.toHaveProperty("previous_response_id");
    // The earlier turn, its reasoning and its call go back as items; DeepSeek requires the reasoning on a tool turn.
    const items = sent[1]?.input as Array<{ type?: string; role?: string }>;
    expect(items.map((item) => item.type)).toEqual(["message", "reasoning", "function_call", "function_call_output"]);
    // And a third turn continues the second, which was natively served and stored too.
    const third = await sdk.responses.create({
      model: thinkingModel,
      previous_response_id: second.id,
      input: "Thanks. And tomorrow?",
    });
    expect(third.status).toBe("completed");
    expect((await requestsTo(label))[2]?.body.input).toHaveLength(items.length + 3);
  });

  it("a long previous_response_id chain stores one turn per response and sends DeepSeek the whole conversation", async () => {
    const key = await createKey();
    const label = uniqueLabel("responses-chain");
    const sdk = openaiClient(key.key, deepseekOnly(label), crypto.randomUUID());
    const responses: OpenAI.Responses.Response[] = [];
    for (let turn = 1; turn <= 6; turn++) {
      const previous = responses.at(-1);
      responses.push(
        await sdk.responses.create({
          model: plainModel,
          input: `Turn ${turn}`,
          ...(previous ? { previous_response_id: previous.id } : {}),
        }),
      );
    }
    // The sixth request carries the five turns before it, in order, then its own input.
    const expected = responses.slice(0, 5).flatMap((response, index) => [`Turn ${index + 1}`, response.output_text]);
    expect(textsOf((await requestsTo(label)).at(-1)?.body.input)).toEqual([...expected, "Turn 6"]);
    // Each stored row holds its own turn only: the sixth is about the size of the first, not six times it.
    const { results } = await env.DB.prepare(
      "SELECT id, previous_id, length(conversation) AS size FROM stored_responses WHERE api_key_id = ?1",
    )
      .bind(key.id)
      .all<{ id: string; previous_id: string | null; size: number }>();
    const byId = new Map(results.map((row) => [row.id, row]));
    const [first, last] = [byId.get(responses[0]?.id ?? ""), byId.get(responses[5]?.id ?? "")];
    expect(first?.previous_id).toBeNull();
    expect(last?.previous_id).toBe(responses[4]?.id);
    expect(last?.size).toBeLessThan(2 * (first?.size ?? 0));
  });

  it("a response stored before responses were linked (its whole conversation in one row) still continues", async () => {
    const key = await createKey();
    const label = uniqueLabel("responses-legacy");
    const sdk = openaiClient(key.key, deepseekOnly(label), crypto.randomUUID());
    const id = `resp_${crypto.randomUUID().replaceAll("-", "")}`;
    const conversation = [
      { role: "user", content: "Old question." },
      { role: "assistant", content: "Old answer." },
    ];
    const response = { id, object: "response", model: plainModel, status: "completed", store: true, output: [] };
    await env.DB.prepare(
      `INSERT INTO stored_responses (id, api_key_id, model, conversation, response, created_at, expires_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
    )
      .bind(
        id,
        key.id,
        plainModel,
        JSON.stringify(conversation),
        JSON.stringify(response),
        Date.now(),
        Date.now() + 3_600_000,
      )
      .run();
    const next = await sdk.responses.create({ model: plainModel, input: "New question.", previous_response_id: id });
    expect(textsOf((await requestsTo(label)).at(-1)?.body.input)).toEqual([
      "Old question.",
      "Old answer.",
      "New question.",
    ]);
    // And the response stored now, in today's shape, continues that history.
    await sdk.responses.create({ model: plainModel, input: "Last one.", previous_response_id: next.id });
    expect(textsOf((await requestsTo(label)).at(-1)?.body.input)).toEqual([
      "Old question.",
      "Old answer.",
      "New question.",
      next.output_text,
      "Last one.",
    ]);
  });

  it("a chain with a deleted response in it cannot be continued past it, and says so", async () => {
    const key = await createKey();
    const sdk = openaiClient(key.key, deepseekOnly(uniqueLabel("responses-cut")), crypto.randomUUID());
    const first = await sdk.responses.create({ model: plainModel, input: "One." });
    const second = await sdk.responses.create({ model: plainModel, input: "Two.", previous_response_id: first.id });
    const third = await sdk.responses.create({ model: plainModel, input: "Three.", previous_response_id: second.id });
    await sdk.responses.delete(second.id);
    // The history would silently lose a turn: refused, naming the field; the later response itself is still there.
    const refusal = sdk.responses.create({ model: plainModel, input: "Four.", previous_response_id: third.id });
    await expect(refusal).rejects.toMatchObject({
      status: 400,
      code: "previous_response_not_found",
      param: "previous_response_id",
    });
    await expect(refusal).rejects.toThrow(/earlier response in it was deleted/);
    expect((await sdk.responses.retrieve(third.id)).output_text).toBe(third.output_text);
    // The one before the deleted response is whole, and continues.
    const again = await sdk.responses.create({ model: plainModel, input: "Again.", previous_response_id: first.id });
    expect(again.status).toBe("completed");
  });

  it("resolves an item_reference to a natively served item, until its response is deleted", async () => {
    const key = await createKey();
    const label = uniqueLabel("responses-refs");
    const sdk = openaiClient(key.key, deepseekOnly(label), crypto.randomUUID());
    const first = await sdk.responses.create({ model: plainModel, input: "Name a colour." });
    const message = first.output.find((item) => item.type === "message");
    if (!message) throw new Error("no message");
    const input: OpenAI.Responses.ResponseInputItem[] = [
      { role: "user", content: "Name a colour." },
      { type: "item_reference", id: message.id },
      { role: "user", content: "Another one?" },
    ];
    const second = await sdk.responses.create({ model: plainModel, input });
    expect(second.status).toBe("completed");
    const sent = (await requestsTo(label))[1]?.body.input as Array<{ id?: string; type?: string }>;
    expect(sent[1]).toMatchObject({ id: message.id, type: "message" });
    // Another key cannot reference it; once deleted, neither can its own.
    const stranger = openaiClient((await createKey()).key, deepseekOnly(label), crypto.randomUUID());
    await expect(stranger.responses.create({ model: plainModel, input })).rejects.toMatchObject({ status: 400 });
    await sdk.responses.delete(first.id);
    await expect(sdk.responses.create({ model: plainModel, input })).rejects.toMatchObject({
      status: 400,
      code: "item_not_found",
    });
  });

  it("a non-streamed request gets DeepSeek's Response, echoing what the client asked (model, store)", async () => {
    const key = await createKey();
    const label = uniqueLabel("responses-whole");
    const requestId = crypto.randomUUID();
    const response = await openaiClient(key.key, deepseekOnly(label), requestId).responses.create({
      model: plainModel,
      input: "Say hello.",
    });
    expect(response.output[0]?.id).toMatch(deepseekItemId);
    expect(response).toMatchObject({ model: plainModel, store: true, status: "completed" });
    expect((await requestsTo(label))[0]?.body).toMatchObject({ stream: false, store: false });
    expect(await usageRow(requestId)).toMatchObject({ provider: "deepseek", status: "complete", estimated: 0 });
  });

  it("json_schema stays translated (DeepSeek's Responses has no json_schema): JSON mode on chat, checked here", async () => {
    const key = await createKey();
    const label = uniqueLabel("responses-schema");
    const asked = openaiClient(key.key, deepseekOnly(label), crypto.randomUUID()).responses.create({
      model: plainModel,
      input: "A city and its country.",
      text: {
        format: {
          type: "json_schema",
          name: "city",
          strict: true,
          schema: {
            type: "object",
            properties: { city: { type: "string" }, country: { type: "string" } },
            required: ["city", "country"],
            additionalProperties: false,
          },
        },
      },
    });
    // The simulator's JSON-mode answer does not fit this schema: the gateway's check says so.
    await expect(asked).rejects.toMatchObject({ status: 502, code: "output_schema_mismatch" });
    const [sent] = await requestsTo(label);
    expect(sent?.endpoint).toBe("chat");
    expect(sent?.body.response_format).toEqual({ type: "json_object" });
  });

  it("meters the same answer as chat completions does: tokens, reasoning, cache split and cost", async () => {
    const key = await createKey();
    const bindings = deepseekOnly(uniqueLabel("responses-same"));
    const turns = [
      { role: "user" as const, content: "first question" },
      { role: "assistant" as const, content: "first answer" },
      { role: "user" as const, content: "second question" },
    ];
    const nativeId = crypto.randomUUID();
    const stream = openaiClient(key.key, bindings, nativeId).responses.stream({
      model: thinkingModel,
      input: turns,
      max_output_tokens: 400,
    });
    for await (const _event of stream) {
      // read to the end
    }
    const chatId = crypto.randomUUID();
    const chat = await openaiClient(key.key, bindings, chatId).chat.completions.create({
      model: thinkingModel,
      messages: turns,
      max_tokens: 400,
      stream: true,
    });
    for await (const _chunk of chat) {
      // read to the end
    }
    const [native, chatRow] = [await usageRow(nativeId), await usageRow(chatId)];
    const columns = [...meteredColumns, "reasoning_tokens"] as const;
    const pick = (row: typeof native) => columns.map((column) => row[column]);
    expect(native.reasoning_tokens).toBeGreaterThan(0);
    expect(native.cache_hit_tokens).toBeGreaterThan(0);
    expect(pick(native)).toEqual(pick(chatRow));
    expect([native.format, chatRow.format, native.provider]).toEqual(["responses", "chat", "deepseek"]);
  });

  it("a visitor in the EU is never served by DeepSeek through /v1/responses", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const response = await exports.default.fetch(`${base}/v1/responses`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key.key}`,
        "content-type": "application/json",
        "x-dev-country": "DE",
        "x-request-id": requestId,
      },
      body: JSON.stringify({ model: plainModel, input: "Say hello.", stream: true }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("response.completed");
    expect((await usageRow(requestId)).provider).not.toBe("deepseek");
  });
});

describe("a native /v1/responses stream that breaks", () => {
  for (const [when, options, deltas] of [
    ["after its first tokens", "fault=drop,dropafter=3", 3],
    ["deep into a long answer", "tokens=3000,reasoning=0,fault=drop,dropafter=2000", 2000],
  ] as const) {
    it(`${when} ends with response.failed for the same response, next in sequence, metered once`, async () => {
      const key = await createKey();
      const requestId = crypto.randomUUID();
      const bindings = deepseekOnly(uniqueLabel("responses-drop"), options);
      const events = await openaiClient(key.key, bindings, requestId).responses.create({
        model: plainModel,
        input: "Say hello to the edge.",
        stream: true,
      });
      const seen: OpenAI.Responses.ResponseStreamEvent[] = [];
      for await (const event of events) seen.push(event);
      const created = seen[0];
      const last = seen.at(-1);
      expect(seen.filter((event) => event.type === "response.output_text.delta")).toHaveLength(deltas);
      if (created?.type !== "response.created" || last?.type !== "response.failed") throw new Error("no failed end");
      expect(last.response.id).toBe(created.response.id);
      expect(last.sequence_number).toBe((seen.at(-2)?.sequence_number ?? -2) + 1);
      expect(last.response.error?.message).toMatch(/incomplete/);
      expect(await usageRow(requestId)).toMatchObject({ format: "responses", provider: "deepseek", status: "error" });
      expect(await usageRowCount(requestId)).toBe(1);
    });
  }

  it("before its first event fails over to a translated target inside the same response", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const gpu = uniqueLabel("gpu-responses");
    const bindings = deepseekThenGpu(uniqueLabel("responses-gone"), "fault=drop-before", gpu);
    const stream = openaiClient(key.key, bindings, requestId).responses.stream({
      model: plainModel,
      input: "Say hello to the edge.",
    });
    const final = await stream.finalResponse();
    expect(final.status).toBe("completed");
    expect(final.output[0]?.id).not.toMatch(deepseekItemId);
    expect((await requestsTo(gpu)).map((request) => request.endpoint)).toEqual(["chat"]);
    expect(await usageRow(requestId)).toMatchObject({ provider: "self-hosted", status: "complete" });
    expect(await usageRowCount(requestId)).toBe(1);
    // Stored as any translated response: the next turn continues it.
    const next = await openaiClient(key.key, bindings, crypto.randomUUID()).responses.create({
      model: plainModel,
      previous_response_id: final.id,
      input: "And again?",
    });
    expect(next.status).toBe("completed");
  });
});
