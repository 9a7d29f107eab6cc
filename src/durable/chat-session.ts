import { DurableObject } from "cloudflare:workers";
import { buildPrompt } from "../chat/context-window.ts";
import { chargeMessage } from "../chat/rate-limit.ts";
import type { LiveEventBody, LiveTurn, Message } from "../chat/types.ts";
import { branchPath, insertTurnRows } from "../db/queries/messages.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import { streamChat } from "../inference/index.ts";
import type { InferenceEvent, ModelInfo, Served } from "../inference/types.ts";
import { randomId } from "../lib/crypto.ts";
import { log } from "../lib/log.ts";
import { persistFinishedTurn, titleFirstExchange } from "./chat-session/after-turn.ts";
import { consumeAnswer } from "./chat-session/consume-answer.ts";
import { EventLog } from "./chat-session/event-log.ts";
import { parseAfter, type SocketAttachment, SseClients, sseFrame } from "./chat-session/fan-out.ts";
import { LiveTurnState } from "./chat-session/live-turn.ts";
import { chargeAndLoad, OwnerCheck } from "./chat-session/ownership.ts";
import {
  asResult,
  type RegenerateAccepted,
  type RegenerateRequest,
  type RpcResult,
  type SendAccepted,
  type SendRequest,
  type TurnRequest,
} from "./chat-session/rpc.ts";
import { toTurnError } from "./chat-session/turn-error.ts";
import { allowedModel, newUserMessage, origin } from "./chat-session/turn-setup.ts";

// Finished answers kept in memory until well after their D1 write, so reads never see a stale placeholder.
const keptFinals = 8;
// How long stop waits for the upstream to wind down before ending the turn itself.
const stopGraceMs = 3000;
// While a turn is live an alarm ticks at this interval: an event that keeps the object resident even when
// no client is connected and nothing else calls it, so an answer nobody watches still finishes.
const keepAliveMs = 30_000;

/**
 * One object per conversation (named by its id): owns the live turn, fans its events out to every
 * WebSocket (hibernatable) and SSE client, and keeps enough to resume a reconnecting client exactly.
 */
export class ChatSession extends DurableObject<Env> {
  private readonly events: EventLog;
  private readonly sse = new SseClients();
  private turn: LiveTurnState | null = null;
  /** True between accepting a send and its turn starting: a second send in that gap is also a 409. */
  private claimed = false;
  private pendingWrite: Promise<void> = Promise.resolve();
  private readonly finals = new Map<string, Message>();
  private deleted = false;
  private readonly owners: OwnerCheck;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.events = new EventLog(ctx.storage.sql);
    this.owners = new OwnerCheck(env.DB);
    // Keep-alive pings are answered by the runtime without waking a hibernated object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /**
   * Stores the user message, then streams the answer; resolves once the first token arrived (or fails).
   * Ownership is checked here, from D1 in the same batch that reads the history, and at the same time as the
   * rate-limit charges: one round trip before the awaited write of the user message, then the upstream.
   */
  async sendMessage(request: SendRequest): Promise<RpcResult<SendAccepted>> {
    return asResult(async () => {
      await this.refuseStranger(request);
      return this.withClaim(async () => {
        const info = allowedModel(request, request.model);
        await this.pendingWrite;
        const { conversation, messages: all } = await chargeAndLoad(this.env, this.owners, request);
        const parentId = request.parentId === undefined ? conversation.currentLeafId : request.parentId;
        if (parentId !== null && !all.some((message) => message.id === parentId)) throw notFound("message");
        const userMessage = newUserMessage(parentId, request.content, request.model);
        const turn = new LiveTurnState(
          origin(request, parentId === null),
          randomId(),
          userMessage,
          randomId(),
          request.model,
        );
        // Awaited on purpose: what the user typed is durable before any inference starts.
        await insertTurnRows(this.env.DB, request.conversationId, userMessage, {
          id: turn.assistantMessageId,
          parentId: userMessage.id,
          model: request.model,
          createdAt: turn.startedAt,
        });
        await this.startTurn(turn, info, [...branchPath(all, parentId), userMessage]);
        return { userMessage, assistantMessageId: turn.assistantMessageId, turnId: turn.turnId };
      });
    });
  }

  /** Answers a user message again as a new sibling of its earlier answer (the earlier one stays). */
  async regenerate(request: RegenerateRequest): Promise<RpcResult<RegenerateAccepted>> {
    return asResult(async () => {
      await this.refuseStranger(request);
      return this.withClaim(async () => {
        await this.pendingWrite;
        const loaded = await this.owners.load(request);
        if (!loaded) throw notFound("conversation");
        const { conversation, messages: all } = loaded;
        const targetId = request.messageId ?? conversation.currentLeafId;
        const target = all.find((message) => message.id === targetId);
        if (!target) throw notFound("message");
        const userMessage =
          target.role === "user"
            ? target
            : all.find((message) => message.id === target.parentId && message.role === "user");
        if (!userMessage) throw notFound("message");
        const model = request.model ?? target.model ?? userMessage.model ?? "deepseek-chat";
        const info = allowedModel(request, model);
        await chargeMessage(this.env, { userId: request.userId, plan: request.plan, ip: request.ip });
        const turn = new LiveTurnState(origin(request, false), randomId(), userMessage, randomId(), model);
        await insertTurnRows(this.env.DB, request.conversationId, null, {
          id: turn.assistantMessageId,
          parentId: userMessage.id,
          model,
          createdAt: turn.startedAt,
        });
        await this.startTurn(turn, info, branchPath(all, userMessage.id));
        return { assistantMessageId: turn.assistantMessageId, turnId: turn.turnId };
      });
    });
  }

  /** Stops the live turn (its partial answer is kept as `stopped`); false when nothing was live. */
  async stop(): Promise<{ stopped: boolean }> {
    const turn = this.turn;
    if (!turn) return { stopped: false };
    this.abortTurn(turn);
    await Promise.race([turn.done, scheduler.wait(stopGraceMs)]);
    // An upstream that ignores the abort must not keep the conversation locked.
    this.finishTurn(turn, "stopped", null);
    return { stopped: true };
  }

  /** The live turn, if any, and recently finished answers whose D1 write may still be in flight. */
  getLive(): { live: LiveTurn | null; finals: Message[] } {
    return { live: this.turn?.toLiveTurn() ?? null, finals: [...this.finals.values()] };
  }

  /** Conversation deleted: stops any turn, disconnects every client and wipes this object's storage. */
  async deleteAll(): Promise<void> {
    this.deleted = true;
    const turn = this.turn;
    if (turn) {
      this.abortTurn(turn);
      this.finishTurn(turn, "stopped", null);
    }
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.close(4404, "conversation deleted");
      } catch {
        // Already closing.
      }
    }
    this.sse.closeAll();
    this.finals.clear();
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  /** Live endpoint: a WebSocket upgrade, or an SSE stream; both first replay what the client missed. */
  override async fetch(request: Request): Promise<Response> {
    if (this.deleted) return new Response("conversation deleted", { status: 404 });
    const url = new URL(request.url);
    // EventSource reconnects to its original URL (stale `?after=`) plus a fresh Last-Event-ID: the newer wins.
    const claims = [parseAfter(url.searchParams.get("after")), parseAfter(request.headers.get("last-event-id"))];
    const known = claims.filter((seq) => seq !== null);
    const after = known.length > 0 ? Math.max(...known) : null;
    // No await between the replay and registering the client: no event can fall in between.
    const missed = this.replay(after);
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return this.sse.open(missed);
    const pair = new WebSocketPair();
    const client = pair[0];
    const server = pair[1];
    this.ctx.acceptWebSocket(server);
    const attachment: SocketAttachment = { userId: request.headers.get("x-visitor-id") ?? "", connectedAt: Date.now() };
    server.serializeAttachment(attachment);
    for (const event of missed) server.send(JSON.stringify(event));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Clients only listen; anything they send besides the auto-answered ping is ignored. */
  override webSocketMessage(): void {}

  /** Completes the close handshake. */
  override webSocketClose(socket: WebSocket, code: number): void {
    try {
      socket.close(code === 1005 || code === 1006 ? 1000 : code, "bye");
    } catch {
      // Already closed.
    }
  }

  /**
   * What a connecting client missed. A client that has seen nothing of the stream (no `after`, or 0: it just
   * loaded the conversation from D1) gets only the live turn, if any. One that saw events gets everything
   * after them, including the kept outcome (turn-end, title) of turns that ended while it was away.
   */
  private replay(after: number | null) {
    const turn = this.turn;
    if (after === null || after === 0) return turn ? turn.replay(turn.startSeq - 1) : [];
    const missed = this.events.persistedBetween(after, turn ? turn.startSeq : Number.MAX_SAFE_INTEGER);
    if (turn) missed.push(...turn.replay(after));
    return missed;
  }

  /** Keep-alive tick while a turn is live (see keepAliveMs); otherwise does nothing. */
  override async alarm(): Promise<void> {
    if (this.turn && !this.deleted) await this.ctx.storage.setAlarm(Date.now() + keepAliveMs);
  }

  /**
   * While a turn is live (or claimed) a stranger must get the 404 an idle conversation would give them, not
   * the 409 that would reveal it exists.
   */
  private async refuseStranger(request: TurnRequest): Promise<void> {
    if ((this.turn || this.claimed) && !(await this.owners.owns(request))) throw notFound("conversation");
  }

  private async withClaim<T>(work: () => Promise<T>): Promise<T> {
    if (this.deleted) throw notFound("conversation");
    if (this.turn || this.claimed) {
      throw new AppError(409, "An answer is still being written in this conversation. Stop it or wait.", {
        code: "turn_in_progress",
      });
    }
    this.claimed = true;
    try {
      return await work();
    } finally {
      this.claimed = false;
    }
  }

  private async startTurn(turn: LiveTurnState, info: ModelInfo, path: Message[]): Promise<void> {
    this.turn = turn;
    this.claimed = false;
    this.ctx.waitUntil(this.ctx.storage.setAlarm(Date.now() + keepAliveMs));
    this.events.persist(
      this.emit(turn, {
        type: "turn-start",
        turnId: turn.turnId,
        userMessage: turn.userMessage,
        assistantMessageId: turn.assistantMessageId,
        model: turn.model,
      }),
    );
    const { origin } = turn;
    let started: { served: Served; events: ReadableStream<InferenceEvent> };
    try {
      started = await streamChat(
        { env: this.env, config: origin.config, waitUntil: (promise: Promise<unknown>) => this.ctx.waitUntil(promise) },
        {
          requestId: origin.requestId,
          plan: origin.plan,
          region: origin.region,
          model: turn.model,
          messages: buildPrompt(path, info.contextTokens, info.maxOutputTokens),
          signal: turn.abort.signal,
        },
      );
    } catch (error) {
      if (turn.stopRequested) return this.finishTurn(turn, "stopped", null);
      const turnError = toTurnError(error);
      this.finishTurn(turn, "error", { code: turnError.code, message: turnError.message });
      throw turnError;
    }
    this.served(turn, started.served);
    this.ctx.waitUntil(this.pump(turn, started.events));
  }

  private async pump(turn: LiveTurnState, stream: ReadableStream<InferenceEvent>): Promise<void> {
    const outcome = await consumeAnswer(turn, stream, {
      delta: (type, text) => this.emit(turn, { type, text }),
      served: (served) => this.served(turn, served),
    });
    if (turn.stopRequested) this.finishTurn(turn, "stopped", null);
    else this.finishTurn(turn, outcome.status, outcome.error);
  }

  private served(turn: LiveTurnState, served: Served): void {
    const previous = turn.served;
    turn.served = served;
    if (previous && previous.targetId === served.targetId && previous.model === served.model) return;
    const live = turn.liveServed();
    if (live) this.emit(turn, { type: "served", ...live });
  }

  private abortTurn(turn: LiveTurnState): void {
    turn.stopRequested = true;
    turn.abort.abort();
    turn.cancelStream();
  }

  private finishTurn(turn: LiveTurnState, status: "complete" | "stopped" | "error", error: Message["error"]): void {
    if (this.turn !== turn) return;
    const message = turn.toMessage(status, error);
    this.events.persist(this.emit(turn, { type: "turn-end", turnId: turn.turnId, status, message }));
    this.turn = null;
    turn.markDone();
    if (this.deleted) return;
    // No keep-alive tick once idle: an idle conversation is never woken.
    this.ctx.waitUntil(this.ctx.storage.deleteAlarm());
    this.finals.set(message.id, message);
    for (const id of this.finals.keys()) if (this.finals.size > keptFinals) this.finals.delete(id);
    const write = persistFinishedTurn(this.env, turn, message).catch((failure: unknown) => {
      log.error("turn_store_failed", { requestId: turn.origin.requestId, error: String(failure) });
    });
    this.pendingWrite = write;
    this.ctx.waitUntil(write);
    if (turn.origin.firstExchange) this.ctx.waitUntil(this.writeTitle(turn, message));
  }

  private async writeTitle(turn: LiveTurnState, answer: Message): Promise<void> {
    try {
      const title = await titleFirstExchange(this.env, {
        config: turn.origin.config,
        region: turn.origin.region,
        turn,
        answer,
        waitUntil: (promise) => this.ctx.waitUntil(promise),
      });
      if (title !== null && !this.deleted) this.events.persist(this.emit(null, { type: "title", title }));
    } catch (failure) {
      log.warn("title_failed", { requestId: turn.origin.requestId, error: String(failure) });
    }
  }

  /** Numbers an event, keeps it in the live buffer and sends it to every client, serialised once. */
  private emit(turn: LiveTurnState | null, body: LiveEventBody) {
    const event = this.events.stamp(body);
    turn?.remember(event);
    const json = JSON.stringify(event);
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(json);
      } catch {
        // A socket that is closing misses nothing it can still use; it resumes with ?after= on reconnect.
      }
    }
    this.sse.broadcast(sseFrame(event, json));
    return event;
  }
}
