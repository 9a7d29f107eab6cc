import { AppError } from "../../errors/app-error.ts";
import { sseDataStream } from "../../inference/sse.ts";
import { isRecord } from "../json-guards.ts";
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
export function conformingStream(schema: OutputSchema): ReadableWritablePair<Uint8Array, Uint8Array> {
  let content = "";
  let toolCalls = false;
  let failed = false;
  const verdict = (): Uint8Array | null => {
    if (toolCalls || failed) return null;
    const problem = schema.check(content);
    if (problem === null) return null;
    return encoder.encode(`data: ${JSON.stringify({ error: schemaMismatch(schema, problem) })}\n\n`);
  };
  const events = sseDataStream();
  return {
    writable: events.writable,
    readable: events.readable.pipeThrough(
      new TransformStream<string, Uint8Array>({
        transform(data, controller) {
          if (data === "[DONE]") {
            const error = verdict();
            if (error) controller.enqueue(error);
            controller.enqueue(encoder.encode("data: [DONE]\n\n"));
            return;
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
          controller.enqueue(encoder.encode(`data: ${data}\n\n`));
        },
      }),
    ),
  };
}
