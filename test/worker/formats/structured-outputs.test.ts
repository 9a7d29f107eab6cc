import { ChatOpenAI } from "@langchain/openai";
import OpenAI from "openai";
import { zodResponseFormat, zodTextFormat } from "openai/helpers/zod";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compileOutputSchema } from "../../../src/formats/structured/output-schema.ts";
import { conformingCompletion, conformingStream } from "../../../src/formats/structured/validate-chat-output.ts";
import { plainModel } from "../../kit/worker/models.ts";
import { base, createKey } from "../../kit/worker/v1.ts";
import { deepseekOnly, vllmOnly, workerWith } from "../../kit/worker/worker-with.ts";

function client(apiKey: string, bindings: Partial<Env> = vllmOnly()): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${base}/v1`, maxRetries: 0, fetch: workerWith(bindings) });
}

const City = z.object({ name: z.string(), population: z.number().int(), coastal: z.boolean() });

describe("structured outputs (json_schema) with the real clients, on a server with guided decoding", () => {
  it("openai chat.completions.parse with a zod schema returns the parsed object", async () => {
    const key = await createKey();
    const completion = await client(key.key).chat.completions.parse({
      model: plainModel,
      messages: [{ role: "user", content: "Describe Lisbon." }],
      response_format: zodResponseFormat(City, "city"),
    });
    const parsed = completion.choices[0]?.message.parsed;
    expect(City.safeParse(parsed).success).toBe(true);
  });

  it("openai responses.parse with text.format json_schema returns the parsed object", async () => {
    const key = await createKey();
    const response = await client(key.key).responses.parse({
      model: plainModel,
      input: "Describe Lisbon.",
      text: { format: zodTextFormat(City, "city") },
    });
    expect(City.safeParse(response.output_parsed).success).toBe(true);
  });

  it("LangChain withStructuredOutput (its default json_schema method) returns the object", async () => {
    const key = await createKey();
    const model = new ChatOpenAI({
      model: plainModel,
      apiKey: key.key,
      maxRetries: 0,
      configuration: { baseURL: `${base}/v1`, fetch: workerWith(vllmOnly()) },
    });
    const city = await model.withStructuredOutput(City).invoke("Describe Lisbon.");
    expect(City.safeParse(city).success).toBe(true);
  });

  it("through DeepSeek's JSON mode, an answer that breaks the schema is an OpenAI-shaped 502, streamed or not", async () => {
    const key = await createKey();
    const sdk = client(key.key, deepseekOnly());
    const request = {
      model: plainModel,
      messages: [{ role: "user" as const, content: "Describe Lisbon." }],
      response_format: zodResponseFormat(City, "city"),
    };
    const failed = sdk.chat.completions.parse(request);
    await expect(failed).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(failed).rejects.toMatchObject({ status: 502, code: "output_schema_mismatch" });
    const stream = await sdk.chat.completions.create({ ...request, stream: true });
    await expect(async () => {
      for await (const _chunk of stream);
    }).rejects.toMatchObject({ code: "output_schema_mismatch" });
  });

  it("a schema the gateway cannot read is a 400 naming the field", async () => {
    const key = await createKey();
    const failed = client(key.key).chat.completions.create({
      model: plainModel,
      messages: [{ role: "user", content: "Hi" }],
      response_format: { type: "json_schema", json_schema: { name: "bad", schema: { type: "no-such-type" } } },
    });
    await expect(failed).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(failed).rejects.toMatchObject({ param: "response_format.json_schema.schema" });
  });
});

const schema = compileOutputSchema(
  { name: "city", schema: z.toJSONSchema(City) as Record<string, unknown> },
  "response_format.json_schema.schema",
);
const encoder = new TextEncoder();
const completionWith = (content: string) =>
  encoder.encode(JSON.stringify({ choices: [{ message: { role: "assistant", content }, finish_reason: "stop" }] }));
const chunk = (content: string) =>
  `data: ${JSON.stringify({ choices: [{ delta: { content }, finish_reason: null }] })}\n\n`;

async function streamThrough(events: string[]): Promise<string> {
  const body = new Response(events.join("")).body as ReadableStream<Uint8Array>;
  return new Response(body.pipeThrough(conformingStream(schema))).text();
}

describe("an answer that does not conform to the requested schema", () => {
  it("passes a conforming non-streamed answer through byte for byte", () => {
    const bytes = completionWith('{"name":"Lisbon","population":545000,"coastal":true}');
    expect(conformingCompletion(bytes, schema)).toBe(bytes);
  });

  it("is a 502 in OpenAI's shape when non-streamed", () => {
    expect(() => conformingCompletion(completionWith('{"name":"Lisbon"}'), schema)).toThrow(
      expect.objectContaining({ status: 502, code: "output_schema_mismatch", type: "server_error" }),
    );
    expect(() => conformingCompletion(completionWith("Lisbon is lovely."), schema)).toThrow(/not valid JSON/);
  });

  it("ends a stream with an OpenAI error event before [DONE]", async () => {
    const text = await streamThrough([chunk('{"name":'), chunk('"Lisbon"}'), "data: [DONE]\n\n"]);
    const payloads = text.split("\n\n").filter(Boolean);
    expect(payloads.at(-1)).toBe("data: [DONE]");
    expect(JSON.parse(payloads.at(-2)?.slice(6) ?? "")).toMatchObject({
      error: { code: "output_schema_mismatch", type: "server_error" },
    });
  });

  it("leaves a conforming stream as it was", async () => {
    const events = [chunk('{"name":"Lisbon",'), chunk('"population":545000,"coastal":true}'), "data: [DONE]\n\n"];
    expect(await streamThrough(events)).toBe(events.join(""));
  });
});
