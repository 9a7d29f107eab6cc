import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.ts";
import type { LiveEvent } from "../../../src/conversations/types.ts";
import { LiveTurnState } from "../../../src/durable/chat-session/live-turn.ts";
import { testBindings } from "../../kit/test-bindings.ts";
import { storedMessage } from "../../kit/worker/stored-message.ts";

const loaded = loadConfig(testBindings("http://127.0.0.1:9"));
if (loaded instanceof ConfigError) throw loaded;
const config = loaded;

const userMessage = storedMessage({ id: "u1", role: "user", content: "hi" });

function turnWith(deltas: number): LiveTurnState {
  const turn = new LiveTurnState(
    {
      conversationId: "c1",
      userId: "v1",
      siteId: null,
      plan: "free",
      requestId: "r1",
      ip: null,
      region: { country: null, continent: null },
      config,
      firstExchange: false,
      thinking: null,
    },
    "t1",
    userMessage,
    "a1",
    "deepseek-chat",
  );
  turn.remember({
    seq: 1,
    type: "turn-start",
    turnId: "t1",
    userMessage,
    assistantMessageId: "a1",
    model: "deepseek-chat",
  });
  for (let seq = 2; seq < deltas + 2; seq++) {
    const event: LiveEvent = { seq, type: "text-delta", text: `${seq} ` };
    turn.append("text", event.text);
    turn.remember(event);
  }
  return turn;
}

describe("the live turn's bounded buffer", () => {
  it("replays exactly the events after the client's last seq", () => {
    const turn = turnWith(10);
    expect(turn.replay(5).map((event) => event.seq)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(turn.replay(11)).toEqual([]);
  });

  it("a client older than the bounded buffer gets one snapshot of the answer so far, numbered as its last event", () => {
    const turn = turnWith(10_000);
    const [snapshot, ...rest] = turn.replay(3);
    expect(rest).toEqual([]);
    expect(snapshot).toMatchObject({ type: "snapshot", seq: 10_001, turnId: "t1", assistantMessageId: "a1" });
    if (snapshot?.type !== "snapshot") throw new Error("unreachable");
    expect(snapshot.content).toBe(turn.content);
    expect(snapshot.content.startsWith("2 3 4 ")).toBe(true);
    // A recent client still gets plain events.
    expect(turn.replay(9_990).map((event) => event.seq)).toEqual(Array.from({ length: 11 }, (_, i) => 9_991 + i));
  });
});
