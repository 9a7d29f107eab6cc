// The chat UI's pure state: live events fold into the answer without gaps or duplicates across reconnects
// and tabs, and branches resolve to the path the visitor sees. (DOM-free, runs in node.)
import { describe, expect, it } from "vitest";
import { type LiveEvent, type Message, messageSchema, parseLiveEvent } from "../../src/contract/site-api.ts";
import { newestLeafFrom, pathToLeaf, siblingsOf } from "../../src/ui/shared/branches.ts";
import { applyLiveEvent, initialLiveState, type LiveState, thoughtSeconds } from "../../src/ui/shared/live-state.ts";

function message(id: string, parentId: string | null, role: "user" | "assistant", createdAt: number): Message {
  return messageSchema.parse({ id, parentId, role, content: id, status: "complete", createdAt });
}

const events: LiveEvent[] = [
  {
    seq: 1,
    type: "turn-start",
    turnId: "t1",
    assistantMessageId: "a1",
    userMessage: message("u1", null, "user", 1),
    model: "deepseek-reasoner",
  },
  {
    seq: 2,
    type: "served",
    provider: "deepseek",
    model: "deepseek-reasoner",
    region: "eu",
    simulated: true,
    servedAs: null,
  },
  { seq: 3, type: "reasoning-delta", text: "Let me " },
  { seq: 4, type: "reasoning-delta", text: "think." },
  { seq: 5, type: "text-delta", text: "Hello" },
  { seq: 6, type: "text-delta", text: " world" },
];

function fold(state: LiveState, list: LiveEvent[], now = 1000): LiveState {
  return list.reduce((current, event) => applyLiveEvent(current, event, now), state);
}

describe("live answer state", () => {
  it("builds reasoning, answer and the served line from the events", () => {
    const state = fold(initialLiveState(null, 0), events);
    expect(state.lastSeq).toBe(6);
    expect(state.turn).toMatchObject({
      reasoning: "Let me think.",
      content: "Hello world",
      status: "streaming",
      served: { provider: "deepseek", model: "deepseek-reasoner", simulated: true },
    });
  });

  it("ignores events replayed after a reconnect or seen twice by two connections", () => {
    const once = fold(initialLiveState(null, 0), events);
    const replayed = fold(fold(initialLiveState(null, 0), events.slice(0, 4)), [...events.slice(2), ...events]);
    expect(replayed.turn?.content).toBe(once.turn?.content);
    expect(replayed.turn?.reasoning).toBe(once.turn?.reasoning);
  });

  it("resumes a reload mid-answer from the live turn and continues with later events only", () => {
    const resumed = initialLiveState(
      {
        turnId: "t1",
        assistantMessageId: "a1",
        userMessageId: "u1",
        reasoning: "Let me think.",
        content: "Hello",
        served: null,
        lastSeq: 5,
      },
      0,
    );
    const state = fold(resumed, events);
    expect(state.turn?.content).toBe("Hello world");
    expect(state.lastSeq).toBe(6);
  });

  it("a snapshot replaces what was missed when the client fell behind the buffer", () => {
    const state = fold(initialLiveState(null, 0), [
      {
        seq: 40,
        type: "snapshot",
        turnId: "t1",
        assistantMessageId: "a1",
        reasoning: "r",
        content: "partial",
        served: null,
      },
      { seq: 41, type: "text-delta", text: " more" },
    ]);
    expect(state.turn?.content).toBe("partial more");
  });

  it("a turn-end keeps the stored message, including a stopped partial answer", () => {
    const stored: Message = { ...message("a1", "u1", "assistant", 2), content: "Hello", status: "stopped" };
    const state = fold(fold(initialLiveState(null, 0), events.slice(0, 5)), [
      { seq: 7, type: "turn-end", turnId: "t1", status: "stopped", message: stored },
    ]);
    expect(state.turn).toMatchObject({ status: "stopped", content: "Hello", final: stored });
  });

  it("measures thinking time from the stored reasoningMs, else from when the answer began", () => {
    expect(thoughtSeconds(4200, null)).toBe(4);
    const thinking = applyLiveEvent(
      fold(initialLiveState(null, 0), events.slice(0, 3), 1000),
      events[4] as LiveEvent,
      7400,
    );
    expect(thoughtSeconds(null, thinking.turn)).toBe(6);
  });

  it("parses the server's JSON events and rejects malformed ones without throwing", () => {
    expect(parseLiveEvent('{"seq":3,"type":"text-delta","text":"hi"}')).toEqual({
      seq: 3,
      type: "text-delta",
      text: "hi",
    });
    expect(parseLiveEvent('{"seq":3,"type":"text-delta"}')).toBeNull();
    expect(parseLiveEvent("not json")).toBeNull();
  });
});

describe("branches", () => {
  // u1 → a1 (old answer), a2 (regenerated) → u2 ; u1' is an edited first message → a3
  const messages = [
    message("u1", null, "user", 1),
    message("a1", "u1", "assistant", 2),
    message("a2", "u1", "assistant", 3),
    message("u2", "a2", "user", 4),
    message("u1b", null, "user", 5),
    message("a3", "u1b", "assistant", 6),
  ];

  it("shows the path from the root to the current leaf", () => {
    expect(pathToLeaf(messages, "u2").map((m) => m.id)).toEqual(["u1", "a2", "u2"]);
    expect(pathToLeaf(messages, null).map((m) => m.id)).toEqual(["u1b", "a3"]);
  });

  it("counts versions of a message among its siblings (‹ 2/2 ›)", () => {
    const { siblings, index } = siblingsOf(messages, messages[2] as Message);
    expect(siblings.map((m) => m.id)).toEqual(["a1", "a2"]);
    expect(index).toBe(1);
    expect(siblingsOf(messages, messages[0] as Message).siblings.map((m) => m.id)).toEqual(["u1", "u1b"]);
  });

  it("switching to a version shows its newest continuation", () => {
    expect(newestLeafFrom(messages, "u1")).toBe("u2");
    expect(newestLeafFrom(messages, "a1")).toBe("a1");
  });
});
