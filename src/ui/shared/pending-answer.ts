// The placeholder the chat site and the widget show for an answer that has started but is not stored yet.
import { type Message, messageSchema } from "../../contract/site-api.ts";

/** A streaming, empty assistant message; the contract's defaults fill what no one knows yet (provider, usage…). */
export function pendingAnswer(id: string, parentId: string | null, model: string | null): Message {
  return messageSchema.parse({
    id,
    parentId,
    role: "assistant",
    content: "",
    status: "streaming",
    model,
    createdAt: Date.now(),
  });
}
