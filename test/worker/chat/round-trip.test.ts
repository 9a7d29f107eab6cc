import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Message } from "../../../src/conversations/types.ts";
import {
  api,
  getConversation,
  newConversation,
  newVisitor,
  openLive,
  settled,
  streamedText,
} from "../../kit/worker/site-api.ts";

describe("a message round-trips through the conversation's object", () => {
  it("streams the answer to a connected socket and stores both messages", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const live = await openLive(cookie, id);
    const response = await api(cookie, "POST", `/api/conversations/${id}/messages`, {
      content: "Hello there",
      model: "deepseek-chat",
    });
    expect(response.status).toBe(202);
    const accepted = await response.json<{ userMessage: Message; assistantMessageId: string; turnId: string }>();
    expect(accepted.userMessage.content).toBe("Hello there");

    const end = await live.waitFor((event) => event.type === "turn-end");
    if (end.type !== "turn-end") throw new Error("unreachable");
    expect(end.status).toBe("complete");
    expect(end.message.content).toBe(streamedText(live.events));
    expect(end.message.content.length).toBeGreaterThan(0);
    expect(live.events[0]?.type).toBe("turn-start");
    const seqs = live.events.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    live.close();

    const conversation = await settled(cookie, id);
    expect(conversation.messages.map((message) => [message.role, message.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(conversation.messages[1]?.content).toBe(end.message.content);
    expect(conversation.messages[1]?.provider).not.toBeNull();
    // The simulator says who it is, and the stored answer keeps saying so.
    expect(conversation.messages[1]?.simulated).toBe(true);
    expect(end.message.simulated).toBe(true);
    expect(conversation.currentLeafId).toBe(accepted.assistantMessageId);
  });

  it("lists conversations newest first with a cursor", async () => {
    const cookie = await newVisitor();
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      ids.push(await newConversation(cookie, `chat ${index}`));
      // Distinct update times: the order under test is by time, not by the id tie-break.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const first = await (await api(cookie, "GET", "/api/conversations?limit=2")).json<{
      conversations: Array<{ id: string }>;
      nextCursor: string | null;
    }>();
    expect(first.conversations.map((row) => row.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await (await api(cookie, "GET", `/api/conversations?limit=2&cursor=${first.nextCursor}`)).json<{
      conversations: Array<{ id: string }>;
      nextCursor: string | null;
    }>();
    expect(second.conversations.map((row) => row.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    expect((await getConversation(cookie, ids[0]!)).title).toBe("chat 0");
  });
});

describe("an answer the object lost", () => {
  it("shows as an interrupted error instead of streaming forever", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    // As if the object had been evicted mid-answer: a placeholder row with no live turn behind it.
    await env.DB.prepare(
      "INSERT INTO messages (id, conversation_id, parent_id, role, content, status, created_at) VALUES ('lost-1', ?, NULL, 'assistant', '', 'streaming', 1)",
    )
      .bind(id)
      .run();
    const conversation = await getConversation(cookie, id);
    expect(conversation.live).toBeNull();
    expect(conversation.messages[0]).toMatchObject({ id: "lost-1", status: "error", error: { code: "interrupted" } });
    const stored = await settled(cookie, id);
    expect(stored.messages[0]?.status).toBe("error");
  });
});
