/** Counters for one label. */
export type LabelStats = { requests: number; aborted: number; completed: number; faults: Record<string, number> };

/** One recorded request to a protocol endpoint. */
export type RecentRequest = {
  label: string;
  path: string;
  /** Which endpoint it reached: chat, completions, embeddings, messages or responses. */
  endpoint: string;
  /** The engine that answered it (`deepseek` or `vllm`). */
  engine: string;
  model: string;
  /**
   * The parsed JSON body exactly as the upstream received it, so a test can assert the model id, `thinking`,
   * `reasoning_effort`, `chat_template_kwargs` … each target got. Bodies over 32 KiB are replaced by
   * `{ truncated: true, bytes }` to keep the log bounded (200 entries).
   */
  body: unknown;
  stream: boolean;
  fault: string | null;
  status: number;
  aborted: boolean;
  includeUsage: boolean;
  at: number;
  /**
   * Wall-clock time (ms since the epoch, sub-millisecond, as firstTokenAt) at which the request's head arrived,
   * before its body was read: with the client's own send time it gives what a worker in front of the
   * simulator spent before calling it.
   */
  receivedAt: number;
  /**
   * Wall-clock time (ms since the epoch, sub-millisecond: `performance.timeOrigin + performance.now()`) at
   * which the first token of a streamed answer was handed to the socket; null until then (and for anything
   * that never streams a token). Lets a client on the same machine time the hop from the upstream's first token.
   */
  firstTokenAt: number | null;
};

/** Snapshot returned by `GET /__stats` and `Simulator.stats()`. */
export type SimulatorStats = {
  total: number;
  byLabel: Record<string, LabelStats>;
  recent: RecentRequest[];
};

/** How a request ended. */
export type RequestOutcome = "completed" | "aborted" | "dropped";

/** Mutable stats store shared by the server's handlers. */
export type StatsStore = {
  begin(entry: RecentRequest): (outcome: RequestOutcome, status: number) => void;
  snapshot(): SimulatorStats;
  reset(): void;
};

const RECENT_LIMIT = 200;
const BODY_LIMIT = 32 * 1024;

/** The body to record for a request: the parsed JSON, or a marker when it is too large or not JSON. */
export function recordedBody(raw: string, parsed: unknown): unknown {
  if (raw.length > BODY_LIMIT) return { truncated: true, bytes: Buffer.byteLength(raw) };
  return parsed === undefined ? { invalidJson: true, bytes: Buffer.byteLength(raw) } : parsed;
}

/** Creates an empty stats store. */
export function createStatsStore(): StatsStore {
  let stats: SimulatorStats = { total: 0, byLabel: {}, recent: [] };
  const labelOf = (label: string): LabelStats => {
    stats.byLabel[label] ??= { requests: 0, aborted: 0, completed: 0, faults: {} };
    return stats.byLabel[label];
  };
  return {
    begin(entry) {
      const current = stats;
      current.total++;
      const byLabel = labelOf(entry.label);
      byLabel.requests++;
      if (entry.fault) byLabel.faults[entry.fault] = (byLabel.faults[entry.fault] ?? 0) + 1;
      current.recent.push(entry);
      if (current.recent.length > RECENT_LIMIT) current.recent.splice(0, current.recent.length - RECENT_LIMIT);
      let done = false;
      return (outcome, status) => {
        if (done || current !== stats) return;
        done = true;
        entry.status = status;
        if (outcome === "aborted") {
          entry.aborted = true;
          byLabel.aborted++;
        } else if (outcome === "completed") {
          byLabel.completed++;
        }
      };
    },
    snapshot: () => structuredClone(stats),
    reset() {
      stats = { total: 0, byLabel: {}, recent: [] };
    },
  };
}
