import { expandAttachments } from "../../attachments/attachment-prompt.ts";
import { buildPrompt } from "../../conversations/context-window.ts";
import { customInstructionsPrompt } from "../../conversations/custom-instructions.ts";
import type { AttachmentUpload, Message } from "../../conversations/types.ts";
import { insertTurnRows } from "../../db/queries/messages.ts";
import { AppError, notFound } from "../../http/app-error.ts";
import { type ChatStream, modelInfo, promptCharacters, streamChat } from "../../inference/index.ts";
import type { ModelInfo } from "../../inference/types.ts";
import { randomId } from "../../lib/crypto.ts";
import { siteTurnContext } from "../../sites/knowledge/site-prompt.ts";
import type { LiveTurnState, TurnOrigin } from "./live-turn.ts";
import type { OwnedConversation } from "./ownership.ts";
import type { RegenerateRequest, TurnRequest } from "./rpc.ts";

/** The turn's origin from the Worker's request. */
export function origin(request: TurnRequest, firstExchange: boolean): TurnOrigin {
  return {
    conversationId: request.conversationId,
    userId: request.userId,
    siteId: request.siteId,
    plan: request.plan,
    requestId: request.requestId,
    ip: request.ip,
    region: request.region,
    config: request.config,
    firstExchange,
    thinking: request.thinking ?? null,
  };
}

/** A new user message (stored before inference), listing its attached files without their contents. */
export function newUserMessage(
  parentId: string | null,
  content: string,
  model: string,
  files: AttachmentUpload[] = [],
): Message {
  const attachments = files.map(({ id, name, mediaType, size }) => ({ id, name, mediaType, size }));
  return {
    id: randomId(),
    parentId,
    role: "user",
    content,
    reasoning: null,
    status: "complete",
    model,
    provider: null,
    servedModel: null,
    servedAs: null,
    region: null,
    simulated: false,
    usage: null,
    reasoningMs: null,
    error: null,
    createdAt: Date.now(),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
}

/** The model's catalogue entry if the plan may use it, else 400 `model_not_allowed` (unknown models too). */
export function allowedModel(request: TurnRequest, model: string): ModelInfo {
  const info = modelInfo(request.config, request.plan, model);
  if (!info) {
    throw new AppError(400, `The model "${model}" is not available on your plan.`, {
      code: "model_not_allowed",
      param: "model",
    });
  }
  return info;
}

/** The message a send answers: the requested parent (null starts the conversation), else the current leaf; 404 if unknown. */
export function sendParent(loaded: OwnedConversation, requested: string | null | undefined): string | null {
  const parentId = requested === undefined ? loaded.conversation.currentLeafId : requested;
  if (parentId !== null && !loaded.messages.some((message) => message.id === parentId)) throw notFound("message");
  return parentId;
}

/**
 * What a regenerate answers again: the user message of the target (the requested message or the current leaf,
 * itself a user message or an answer to one), and the model (requested, else the target's, else the default).
 */
export function regenerateTarget(
  loaded: OwnedConversation,
  request: RegenerateRequest,
): { userMessage: Message; model: string } {
  const { conversation, messages: all } = loaded;
  const targetId = request.messageId ?? conversation.currentLeafId;
  const target = all.find((message) => message.id === targetId);
  if (!target) throw notFound("message");
  const userMessage =
    target.role === "user" ? target : all.find((message) => message.id === target.parentId && message.role === "user");
  if (!userMessage) throw notFound("message");
  return { userMessage, model: request.model ?? target.model ?? userMessage.model ?? "deepseek-flash" };
}

/** Writes the turn's rows to D1: the user message (null when regenerating) with its files, and the assistant placeholder. */
export function storeTurnRows(
  db: D1Database,
  conversationId: string,
  userMessage: Message | null,
  turn: LiveTurnState,
  files: AttachmentUpload[] = [],
): Promise<void> {
  const assistant = {
    id: turn.assistantMessageId,
    parentId: turn.userMessage.id,
    model: turn.model,
    createdAt: turn.startedAt,
  };
  return insertTurnRows(db, conversationId, userMessage, assistant, files);
}

/**
 * Asks the inference layer for the turn's answer to the branch `path` (attached files folded in; opened by the
 * conversation's custom instructions, or for a widget turn by its site's), routed as the Worker would.
 */
export async function openAnswer(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  turn: LiveTurnState,
  info: ModelInfo,
  path: Message[],
  instructions: string | null = null,
): Promise<ChatStream> {
  const { origin } = turn;
  const expanded = await expandAttachments(env, origin.conversationId, path, info.capabilities.vision);
  // Widget turns: the site's instructions and retrieved knowledge as a system message (its tokens reserved).
  const site = origin.siteId ? await siteTurnContext(env, origin.config, origin.siteId, path) : null;
  // Chat-site turns: the conversation's custom instructions (widget conversations have none).
  const system = customInstructionsPrompt(instructions);
  const messages = buildPrompt(expanded, info.contextTokens, info.maxOutputTokens + (site?.tokens ?? 0), system);
  if (site) {
    messages.unshift(site.system);
    turn.sources = site.sources;
  }
  // Remembered for the estimate when the answer never reports its usage (stopped, deleted).
  turn.promptCharacters = promptCharacters(messages);
  return streamChat(
    { env, config: origin.config, waitUntil },
    {
      requestId: origin.requestId,
      plan: origin.plan,
      region: origin.region,
      model: turn.model,
      thinking: { enabled: origin.thinking, effort: null },
      messages,
      signal: turn.abort.signal,
    },
  );
}
