import { DurableObject } from "cloudflare:workers";
import { deleteConversationImages } from "../attachments/image-store.ts";
import { chargeMessage } from "../conversations/rate-limit.ts";
import type { LiveEventBody, LiveTurn, Message } from "../conversations/types.ts";
import { deleteConversationRows } from "../db/queries/conversations.ts";
import { branchPath } from "../db/queries/messages.ts";
import { notFound } from "../http/app-error.ts";
import type { ChatStream } from "../inference/index.ts";
import type { InferenceEvent, ModelInfo, Served } from "../inference/types.ts";
import { randomId } from "../lib/crypto.ts";
import { meterTurn, RecentFinals, storeFinishedTurn } from "./chat-session/after-turn.ts";
import { ClaimGate } from "./chat-session/claim-gate.ts";
import { consumeAnswer } from "./chat-session/consume-answer.ts";
import { EventLog } from "./chat-session/event-log.ts";
import {
  broadcastEvent,
  closeSockets,
  missedEvents,
  openSocket,
  resumeAfter,
  SseClients,
} from "./chat-session/fan-out.ts";
import { keepAliveMs, LiveTurnState, stopGraceMs } from "./chat-session/live-turn.ts";
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
import { writeTitle } from "./chat-session/title-turn.ts";
import { toTurnError, turnInProgress } from "./chat-session/turn-error.ts";
import {
  allowedModel,
  newUserMessage,
  openAnswer,
  origin,
  regenerateTarget,
  sendParent,
  storeTurnRows,
} from "./chat-session/turn-setup.ts";

/**
 * One object per conversation (named by its id): owns the live turn, fans its events out to every
 * WebSocket (hibernatable) and SSE client, and keeps enough to resume a reconnecting client exactly.
 */
export class ChatSession extends DurableObject<Env> {
  private readonly events: EventLog;
  private readonly sse = new SseClients();
  private turn: LiveTurnState | null = null;
  /** Open between accepting a send and its turn starting: a second send in that gap is a 409, a delete waits. */
  private readonly claim = new ClaimGate();
  private pendingWrite: Promise<void> = Promise.resolve();
  /** Metering and title writes still in flight: a delete waits for them (erasure anonymises usage after it). */
  private readonly bookkeeping = new Set<Promise<void>>();
  /** Aborted on delete: a title call in flight stops (and is metered as stopped). */
  private readonly titles = new AbortController();
  private readonly finals = new RecentFinals();
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
        const loaded = await chargeAndLoad(this.env, this.owners, request);
        const parentId = sendParent(loaded, request.parentId);
        const files = request.attachments ?? [];
        const userMessage = newUserMessage(parentId, request.content, request.model, files);
        const firstExchange = parentId === null;
        const turn = new LiveTurnState(
          origin(request, firstExchange),
          randomId(),
          userMessage,
          randomId(),
          request.model,
        );
        // Awaited on purpose: what the user typed is durable before any inference starts.
        await storeTurnRows(this.env.DB, request.conversationId, userMessage, turn, files);
        // A delete that came in meanwhile waits for this claim: no upstream call for a conversation being deleted.
        if (this.deleted) throw notFound("conversation");
        const path = [...branchPath(loaded.messages, parentId), userMessage];
        await this.startTurn(turn, info, path, loaded.conversation.instructions);
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
        const { userMessage, model } = regenerateTarget(loaded, request);
        const info = allowedModel(request, model);
        await chargeMessage(this.env, { userId: request.userId, plan: request.plan, ip: request.ip });
        const turn = new LiveTurnState(origin(request, false), randomId(), userMessage, randomId(), model);
        await storeTurnRows(this.env.DB, request.conversationId, null, turn);
        if (this.deleted) throw notFound("conversation");
        await this.startTurn(turn, info, branchPath(loaded.messages, userMessage.id), loaded.conversation.instructions);
        return { assistantMessageId: turn.assistantMessageId, turnId: turn.turnId };
      });
    });
  }

  /** Stops the live turn (its partial answer is kept as `stopped`); false when nothing was live. */
  async stop(): Promise<{ stopped: boolean }> {
    const turn = this.turn;
    if (!turn) return { stopped: false };
    turn.requestStop();
    await Promise.race([turn.done, scheduler.wait(stopGraceMs)]);
    // An upstream that ignores the abort must not keep the conversation locked.
    this.finishTurn(turn, "stopped", null);
    return { stopped: true };
  }

  /** The live turn, if any, and recently finished answers whose D1 write may still be in flight. */
  getLive(): { live: LiveTurn | null; finals: Message[] } {
    return { live: this.turn?.toLiveTurn() ?? null, finals: this.finals.list() };
  }

  /**
   * Deletes the conversation, serialised with its turns: a send still being accepted finishes first (and stops
   * short of the upstream), a live turn ends as stopped and is metered, clients are disconnected, then the D1 rows
   * go (messages, shares and search entries cascade) and this object's storage is wiped. Resolves once the
   * metering of what was cut short is written. The Worker checks ownership before calling.
   */
  async deleteAll(conversationId: string): Promise<void> {
    this.deleted = true;
    this.titles.abort();
    await this.claim.settled();
    const turn = this.turn;
    if (turn) {
      turn.requestStop();
      this.finishTurn(turn, "stopped", null);
    }
    closeSockets(this.ctx.getWebSockets());
    this.sse.closeAll();
    this.finals.clear();
    await Promise.all(this.bookkeeping);
    await deleteConversationRows(this.env.DB, conversationId);
    await deleteConversationImages(this.env, conversationId);
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  /** The conversation moved to another owner (an account adopted it): ownership is read from D1 again. */
  ownerChanged(): void {
    this.owners.forget();
  }

  /** Live endpoint: a WebSocket upgrade, or an SSE stream; both first replay what the client missed. */
  override async fetch(request: Request): Promise<Response> {
    if (this.deleted) return new Response("conversation deleted", { status: 404 });
    // No await between the replay and registering the client: no event can fall in between.
    const missed = missedEvents(this.events, this.turn, resumeAfter(request));
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return this.sse.open(missed);
    return openSocket(this.ctx, request.headers.get("x-visitor-id") ?? "", missed);
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

  /** Keep-alive tick while a turn is live (see keepAliveMs); otherwise does nothing. */
  override async alarm(): Promise<void> {
    if (this.turn && !this.deleted) await this.ctx.storage.setAlarm(Date.now() + keepAliveMs);
  }

  /**
   * While a turn is live (or claimed) a stranger must get the 404 an idle conversation would give them, not
   * the 409 that would reveal it exists.
   */
  private async refuseStranger(request: TurnRequest): Promise<void> {
    if ((this.turn || this.claim.open) && !(await this.owners.owns(request))) throw notFound("conversation");
  }

  private async withClaim<T>(work: () => Promise<T>): Promise<T> {
    if (this.deleted) throw notFound("conversation");
    if (this.turn || this.claim.open) throw turnInProgress();
    this.claim.begin();
    try {
      return await work();
    } finally {
      this.claim.end();
    }
  }

  private async startTurn(
    turn: LiveTurnState,
    info: ModelInfo,
    path: Message[],
    instructions: string | null,
  ): Promise<void> {
    this.turn = turn;
    // From here a delete finds the turn and stops it: it need not wait for the first token.
    this.claim.end();
    this.ctx.waitUntil(this.ctx.storage.setAlarm(Date.now() + keepAliveMs));
    const { turnId, userMessage, assistantMessageId, model } = turn;
    this.events.persist(this.emit(turn, { type: "turn-start", turnId, userMessage, assistantMessageId, model }));
    let started: ChatStream;
    try {
      const waitUntil = (promise: Promise<unknown>) => this.ctx.waitUntil(promise);
      started = await openAnswer(this.env, waitUntil, turn, info, path, instructions);
    } catch (error) {
      if (turn.stopRequested) return this.finishTurn(turn, "stopped", null);
      turn.failedBeforeOutput = true;
      const turnError = toTurnError(error, turn.origin.requestId);
      this.finishTurn(turn, "error", { code: turnError.code, message: turnError.message });
      throw turnError;
    }
    this.served(turn, started.served);
    // Before any delta: the widget can show the citations as the answer streams.
    if (turn.sources.length > 0) this.emit(turn, { type: "sources", sources: turn.sources });
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
    const live = turn.setServed(served);
    if (live) this.emit(turn, { type: "served", ...live });
  }

  private finishTurn(turn: LiveTurnState, status: "complete" | "stopped" | "error", error: Message["error"]): void {
    if (this.turn !== turn) return;
    const message = turn.toMessage(status, error);
    this.events.persist(this.emit(turn, { type: "turn-end", turnId: turn.turnId, status, message }));
    this.turn = null;
    turn.markDone();
    // The rows are about to go, but the tokens were spent: a deleted turn is still metered.
    if (this.deleted) {
      this.track(meterTurn(this.env, turn, status));
      return;
    }
    // No keep-alive tick once idle: an idle conversation is never woken.
    this.ctx.waitUntil(this.ctx.storage.deleteAlarm());
    this.finals.add(message);
    const write = storeFinishedTurn(this.env, turn, message);
    this.pendingWrite = write;
    this.track(write);
    if (!turn.origin.firstExchange) return;
    const announce = (title: string) => {
      if (!this.deleted) this.events.persist(this.emit(null, { type: "title", title }));
    };
    const waitUntil = (promise: Promise<unknown>) => this.ctx.waitUntil(promise);
    this.track(writeTitle(this.env, turn, message, { waitUntil, announce, signal: this.titles.signal }));
  }

  /** Keeps the object alive for a write that never rejects, and lets a delete wait for it. */
  private track(write: Promise<void>): void {
    this.ctx.waitUntil(write);
    this.bookkeeping.add(write);
    void write.then(() => this.bookkeeping.delete(write));
  }

  /** Numbers an event, keeps it in the live buffer and sends it to every client. */
  private emit(turn: LiveTurnState | null, body: LiveEventBody) {
    const event = this.events.stamp(body);
    turn?.remember(event);
    broadcastEvent(this.ctx.getWebSockets(), this.sse, event);
    return event;
  }
}
