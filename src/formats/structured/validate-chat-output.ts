import { AppError } from "../../http/app-error.ts";
import { isRecord } from "../json-guards.ts";
import { createSseDecoder } from "../sse-decoder.ts";
import { type OutputSchema, schemaMismatch } from "./output-schema.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A non-streamed chat completion whose answer must match the schema: the bytes unchanged when it does, else
 * a 502 in OpenAI's shape (the tokens are still metered: the model did answer). A tool call answer is not checked.
 */
export function conformingCompletion(bytes: Uint8Array, schema: OutputSchema): Uint8Array {
  const completion: unknown = JSON.parse(decoder.decode(bytes));
  const choice = isRecord(completion) && Array.isArray(completion.choices) ? completion.choices[0] : null;
  const message = isRecord(choice) && isRecord(choice.message) ? choice.message : null;
  if (!message || (Array.isArray(message.tool_calls) && message.tool_calls.length > 0)) return bytes;
  const problem = schema.check(typeof message.content === "string" ? message.content : "");
  if (problem === null) return bytes;
  const error = schemaMismatch(schema, problem);
  throw new AppError(502, error.message, { code: error.code, type: "server_error" });
}

/**
 * A streamed chat completion whose answer must match the schema: events pass on as they come; when the answer
 * ends (`[DONE]`) and does not conform, an OpenAI error event goes out before `[DONE]`. Already-sent text
 * cannot be taken back, so a client must treat that error as the answer's verdict.
 */
export function conformingStream(schema: OutputSchema): TransformStream<Uint8Array, Uint8Array> {
  const events = createSseDecoder();
  let content = "";
  let toolCalls = false;
  let failed = false;
  const verdict = (): string => {
    if (toolCalls || failed) return "";
    const problem = schema.check(content);
    return problem === null ? "" : `data: ${JSON.stringify({ error: schemaMismatch(schema, problem) })}\n\n`;
  };
  const render = (payloads: string[]): string => {
    let out = "";
    for (const data of payloads) {
      if (data === "[DONE]") {
        out += `${verdict()}data: [DONE]\n\n`;
        continue;
      }
      try {
        const chunk: unknown = JSON.parse(data);
        if (isRecord(chunk) && chunk.error) failed = true;
        const choice = isRecord(chunk) && Array.isArray(chunk.choices) ? chunk.choices[0] : null;
        const delta = isRecord(choice) && isRecord(choice.delta) ? choice.delta : null;
        if (typeof delta?.content === "string") content += delta.content;
        if (Array.isArray(delta?.tool_calls)) toolCalls = true;
      } catch {
        // Not ours to judge: the event goes on as it came.
      }
      out += `data: ${data}\n\n`;
    }
    return out;
  };
  return new TransformStream({
    transform(chunk, controller) {
      const out = render(events.push(chunk));
      if (out) controller.enqueue(encoder.encode(out));
    },
    flush(controller) {
      const out = render(events.end());
      if (out) controller.enqueue(encoder.encode(out));
    },
  });
}
