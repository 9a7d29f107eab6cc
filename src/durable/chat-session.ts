import { DurableObject } from "cloudflare:workers";

/** One object per conversation: owns the live turn (see the chat-sessions work). */
export class ChatSession extends DurableObject<Env> {}
