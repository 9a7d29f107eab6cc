import type { AppConfig } from "../../config/config.ts";
import type { LiveEvent, LiveServed, LiveTurn, Message, Source } from "../../conversations/types.ts";
import type { Region } from "../../env.ts";
import type { Served, Usage } from "../../inference/types.ts";
import { estimateUsage } from "../../inference/wire/estimate-usage.ts";

/** How long stop waits for the upstream to wind down before ending the turn itself. */
export const stopGraceMs = 3000;
/**
 * While a turn is live an alarm ticks at this interval: an event that keeps the object resident even when
 * no client is connected and nothing else calls it, so an answer nobody watches still finishes.
 */
export const keepAliveMs = 30_000;

// Bound on buffered events of one turn: past it the oldest half is dropped and late joiners get a snapshot.
const maxBufferedEvents = 4096;

/** Everything a turn needs to know about who asked and where. */
export type TurnOrigin = {
  conversationId: string;
  userId: string;
  siteId: string | null;
  plan: string;
  requestId: string;
  ip: string | null;
  region: Region;
  config: AppConfig;
  /** The conversation's very first exchange: a title gets written after it. */
  firstExchange: boolean;
  /** The DeepThink switch as the visitor set it; null = the model's default. */
  thinking: boolean | null;
};

/** The one live turn of a conversation: accumulated text, a bounded event buffer, and its abort switch. */
export class LiveTurnState {
  reasoning = "";
  content = "";
  served: Served | null = null;
  usage: Usage | null = null;
  usageEstimated = false;
  /** The site knowledge the answer was given (widget turns); cited by `ref`. */
  sources: Source[] = [];
  /** Characters of the prompt sent upstream; null until the upstream was asked. */
  promptCharacters: number | null = null;
  /** The upstream refused or failed before producing anything (nothing to bill). */
  failedBeforeOutput = false;
  firstTokenAt: number | null = null;
  reasoningStartedAt: number | null = null;
  reasoningEndedAt: number | null = null;
  stopRequested = false;
  /** Cancels reading the answer stream (set once it is flowing). */
  cancelStream: () => void = () => {};
  readonly abort = new AbortController();
  readonly startedAt = Date.now();
  /** seq of this turn's turn-start; earlier seqs belong to previous turns. */
  startSeq = 0;
  lastSeq = 0;
  private buffer: LiveEvent[] = [];
  private trimmed = false;
  private resolveDone!: () => void;
  /** Settles when the turn has ended (turn-end broadcast). */
  readonly done = new Promise<void>((resolve) => {
    this.resolveDone = resolve;
  });

  constructor(
    readonly origin: TurnOrigin,
    readonly turnId: string,
    readonly userMessage: Message,
    readonly assistantMessageId: string,
    readonly model: string,
  ) {}

  /** Records an event of this turn in the buffer. */
  remember(event: LiveEvent): void {
    if (this.startSeq === 0) this.startSeq = event.seq;
    this.lastSeq = event.seq;
    this.buffer.push(event);
    if (this.buffer.length > maxBufferedEvents) {
      this.buffer = this.buffer.slice(maxBufferedEvents / 2);
      this.trimmed = true;
    }
  }

  /** Applies a reasoning or text delta to the accumulated answer, timing the thinking phase. */
  append(kind: "reasoning" | "text", text: string): void {
    const now = Date.now();
    this.firstTokenAt ??= now;
    if (kind === "reasoning") {
      this.reasoningStartedAt ??= now;
      this.reasoning += text;
      return;
    }
    if (this.reasoningStartedAt !== null) this.reasoningEndedAt ??= now;
    this.content += text;
  }

  /**
   * What a client that last saw `after` needs from this turn: the buffered events after it, or, when the
   * buffer no longer reaches back that far, a snapshot of the turn so far (numbered as its last event).
   */
  replay(after: number): LiveEvent[] {
    const first = this.buffer[0];
    if (!this.trimmed || (first && after >= first.seq - 1)) return this.buffer.filter((event) => event.seq > after);
    return [
      {
        seq: this.lastSeq,
        type: "snapshot",
        turnId: this.turnId,
        assistantMessageId: this.assistantMessageId,
        reasoning: this.reasoning,
        content: this.content,
        served: this.liveServed(),
      },
    ];
  }

  /** The live turn as GET /api/conversations/:id reports it. */
  toLiveTurn(): LiveTurn {
    return {
      turnId: this.turnId,
      assistantMessageId: this.assistantMessageId,
      userMessageId: this.userMessage.id,
      reasoning: this.reasoning,
      content: this.content,
      served: this.liveServed(),
      lastSeq: this.lastSeq,
    };
  }

  /** Who is serving, in the clients' shape. */
  liveServed(): LiveServed | null {
    const served = this.served;
    return served
      ? {
          provider: served.provider,
          model: served.model,
          region: served.region,
          simulated: served.simulated,
          servedAs: served.substituteFor ? served.publicModel : null,
        }
      : null;
  }

  /** The assistant message as it ends (partial text kept for stopped and failed turns). */
  toMessage(status: "complete" | "stopped" | "error", error: Message["error"]): Message {
    const reasoningEnd = this.reasoningEndedAt ?? (this.reasoningStartedAt !== null ? Date.now() : null);
    return {
      id: this.assistantMessageId,
      parentId: this.userMessage.id,
      role: "assistant",
      content: this.content,
      reasoning: this.reasoning === "" ? null : this.reasoning,
      status,
      model: this.model,
      provider: this.served?.provider ?? null,
      servedModel: this.served?.model ?? null,
      servedAs: this.served?.substituteFor ? this.served.publicModel : null,
      region: this.served?.region ?? null,
      simulated: this.served?.simulated ?? false,
      usage: this.usage,
      reasoningMs:
        this.reasoningStartedAt !== null && reasoningEnd !== null ? reasoningEnd - this.reasoningStartedAt : null,
      error,
      sources: this.sources,
      createdAt: this.startedAt,
    };
  }

  /**
   * What this turn cost: the upstream's own usage when it reported one; otherwise an estimate from the prompt and
   * what streamed so far (a stop or a delete cuts the stream before the usage chunk), marked as estimated.
   */
  metered(): { usage: Usage; estimated: boolean } {
    if (this.usage) return { usage: this.usage, estimated: this.usageEstimated };
    const asked = this.promptCharacters !== null && !this.failedBeforeOutput;
    const usage = estimateUsage(asked ? (this.promptCharacters ?? 0) : 0, this.reasoning.length, this.content.length);
    return { usage, estimated: true };
  }

  /** Records who serves the turn; returns it in the clients' shape when it changed (to broadcast), else null. */
  setServed(served: Served): LiveServed | null {
    const previous = this.served;
    this.served = served;
    if (previous && previous.targetId === served.targetId && previous.model === served.model) return null;
    return this.liveServed();
  }

  /** Asks the turn to stop: aborts the upstream request and cancels reading its stream. */
  requestStop(): void {
    this.stopRequested = true;
    this.abort.abort();
    this.cancelStream();
  }

  /** Marks the turn ended for everyone awaiting it. */
  markDone(): void {
    this.resolveDone();
  }
}
