import type { Message } from "../../../src/conversations/types.ts";

/** A stored, complete message with no provider, usage or error details; `fields` sets what the test is about. */
export function storedMessage(fields: Partial<Message> & Pick<Message, "id" | "role" | "content">): Message {
  return {
    parentId: null,
    reasoning: null,
    status: "complete",
    model: "deepseek-chat",
    provider: null,
    servedModel: null,
    servedAs: null,
    region: null,
    simulated: false,
    usage: null,
    reasoningMs: null,
    error: null,
    createdAt: 0,
    ...fields,
  };
}
