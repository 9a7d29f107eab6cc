import type { ChatPart } from "./chat-parts.ts";
import { createChatPartReader } from "./read-chat-stream.ts";
import { createSseDecoder } from "./sse-decoder.ts";

/** A dialect's stream renderer: its opening events, then the events of each part, as SSE text. */
export type DialectRenderer = {
  start(): string;
  render(part: ChatPart): string;
  /** Work the last events must wait for (e.g. storing the response they announce), or null. */
  pending?(): Promise<void> | null;
};

const encoder = new TextEncoder();

/**
 * The gateway's OpenAI chat-completions SSE in, a dialect's SSE out, in one TransformStream: each upstream chunk
 * is decoded, read into parts and rendered in one synchronous pass and written as one chunk (measured: a
 * pipeline of three streams cost several times the floor's wall time per token).
 */
export function dialectStream(renderer: DialectRenderer): TransformStream<Uint8Array, Uint8Array> {
  const decoder = createSseDecoder();
  const reader = createChatPartReader();
  const parts: ChatPart[] = [];
  // Synchronous unless the renderer has something to wait for (only ever before its last events).
  const emit = (controller: TransformStreamDefaultController<Uint8Array>): Promise<void> | undefined => {
    let text = "";
    for (const part of parts) text += renderer.render(part);
    parts.length = 0;
    const send = () => {
      if (text !== "") controller.enqueue(encoder.encode(text));
    };
    const pending = renderer.pending?.();
    if (pending) return pending.then(send);
    send();
    return undefined;
  };
  return new TransformStream({
    start(controller) {
      controller.enqueue(encoder.encode(renderer.start()));
    },
    transform(chunk, controller) {
      for (const data of decoder.push(chunk)) reader.read(data, parts);
      return emit(controller);
    },
    flush(controller) {
      for (const data of decoder.end()) reader.read(data, parts);
      reader.end(parts);
      return emit(controller);
    },
  });
}
