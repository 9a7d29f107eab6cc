import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LiveEvent } from "../../../src/conversations/types.ts";
import {
  api,
  getConversation,
  newConversation,
  newVisitor,
  openLive,
  pacedEnv,
  settled,
  streamedText,
} from "../../kit/worker/site-api.ts";

// About two seconds per answer: long enough to act mid-answer even on a busy machine.
const slow = pacedEnv({ tps: 40, tokens: 80 });

function send(cookie: string, id: string, content: string, paced: Env = slow) {
  return api(cookie, "POST", `/api/conversations/${id}/messages`, { content, model: "deepseek-chat" }, { env: paced });
}

/** The events of the turn, up to and including its turn-end (a title event may follow at any moment). */
function turnOf(events: LiveEvent[]): LiveEvent[] {
  const end = events.findIndex((event) => event.type === "turn-end");
  return end === -1 ? events : events.slice(0, end + 1);
}

function deltas(events: LiveEvent[]) {
  return events.filter((event) => event.type === "text-delta").map((event) => [event.seq, event.text]);
}

describe("the live turn", () => {
  it("stores the user message before inference starts, so a failing provider loses nothing typed", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const response = await send(cookie, id, "Please remember this sentence.", pacedEnv({ fault: "500" }));
    expect(response.status).toBe(503);
    const conversation = await settled(cookie, id);
    expect(conversation.messages[0]).toMatchObject({ role: "user", content: "Please remember this sentence." });
    expect(conversation.messages[1]).toMatchObject({ role: "assistant", status: "error" });
    // No model could write a title either: the first words of the message stand in.
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await getConversation(cookie, id)).title !== "New chat") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await getConversation(cookie, id)).title).toBe("Please remember this sentence");
  });

  it("the user message is readable while the upstream is still thinking about its first token", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const pending = send(cookie, id, "Slow start", pacedEnv({ ttft: 800, tps: 200, tokens: 5 }));
    let seen = false;
    for (let attempt = 0; attempt < 40 && !seen; attempt++) {
      const row = await env.DB.prepare("SELECT content FROM messages WHERE conversation_id = ? AND role = 'user'")
        .bind(id)
        .first<{ content: string }>();
      seen = row?.content === "Slow start";
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toBe(true);
    // Still no answer token at this point: the send resolves only after the first one.
    const assistant = await env.DB.prepare(
      "SELECT status, content FROM messages WHERE conversation_id = ? AND role = 'assistant'",
    )
      .bind(id)
      .first<{ status: string; content: string }>();
    expect(assistant).toEqual({ status: "streaming", content: "" });
    expect((await pending).status).toBe(202);
    await settled(cookie, id);
  });

  it("two open tabs receive identical token sequences", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const first = await openLive(cookie, id);
    const second = await openLive(cookie, id);
    expect((await send(cookie, id, "Tell me something")).status).toBe(202);
    await first.waitFor((event) => event.type === "turn-end");
    await second.waitFor((event) => event.type === "turn-end");
    expect(deltas(first.events).length).toBeGreaterThan(5);
    expect(turnOf(first.events)).toEqual(turnOf(second.events));
    first.close();
    second.close();
  });

  it("a reload mid-answer resumes after the last seen event with no gap and no duplicate", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const witness = await openLive(cookie, id);
    const tab = await openLive(cookie, id);
    expect((await send(cookie, id, "A long answer please")).status).toBe(202);
    await tab.waitFor((event) => event.type === "text-delta" && deltas(tab.events).length >= 5);
    tab.close();
    // Opening the conversation mid-answer shows the live turn and the partial answer.
    const opened = await getConversation(cookie, id);
    expect(opened.live?.lastSeq).toBeGreaterThan(0);
    const partial = opened.messages.find((message) => message.id === opened.live?.assistantMessageId);
    expect(partial?.status).toBe("streaming");
    expect(partial?.content).toBe(opened.live?.content);
    const lastSeen = tab.events.at(-1)!.seq;
    const before = tab.events.filter((event) => event.seq <= lastSeen);

    const reloaded = await openLive(cookie, id, lastSeen);
    await reloaded.waitFor((event) => event.type === "turn-end");
    await witness.waitFor((event) => event.type === "turn-end");
    const combined = [...before, ...reloaded.events];
    expect(turnOf(combined).map((event) => event.seq)).toEqual(turnOf(witness.events).map((event) => event.seq));
    expect(streamedText(combined)).toBe(streamedText(witness.events));
    // The reload really happened mid-answer: it received tokens live.
    expect(deltas(reloaded.events).length).toBeGreaterThan(0);
    witness.close();
    reloaded.close();
  });

  it("Server-Sent Events carry the same stream and resume mid-answer from Last-Event-ID", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const witness = await openLive(cookie, id);
    expect((await send(cookie, id, "Stream me")).status).toBe(202);
    await witness.waitFor(() => deltas(witness.events).length >= 4);
    const resumeAfter = witness.events.at(-1)!.seq;
    // As EventSource reconnects: its original URL (an older ?after=) plus the Last-Event-ID it saw last.
    const response = await api(cookie, "GET", `/api/conversations/${id}/live?after=1`, undefined, {
      headers: { accept: "text/event-stream", "last-event-id": String(resumeAfter) },
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes('"turn-end"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    await reader.cancel();
    const end = await witness.waitFor((event) => event.type === "turn-end");
    const frames = [...text.matchAll(/^id: (\d+)\ndata: (.+)$/gm)].map((match) => ({
      id: Number(match[1]),
      event: JSON.parse(match[2]!) as LiveEvent,
    }));
    expect(frames.every((frame) => frame.id === frame.event.seq)).toBe(true);
    const upToEnd = (event: LiveEvent) => event.seq <= end.seq;
    expect(frames.map((frame) => frame.event).filter(upToEnd)).toEqual(
      witness.events.filter((event) => event.seq > resumeAfter && upToEnd(event)),
    );
    expect(deltas(frames.map((frame) => frame.event)).length).toBeGreaterThan(0);
    witness.close();
  });

  it("a client that missed the end of the answer gets the outcome on reconnect, without replayed tokens", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const tab = await openLive(cookie, id);
    expect((await send(cookie, id, "Finish while I am offline")).status).toBe(202);
    await tab.waitFor(() => deltas(tab.events).length >= 2);
    tab.close();
    const lastSeen = tab.events.at(-1)!.seq;
    const conversation = await settled(cookie, id);
    const back = await openLive(cookie, id, lastSeen);
    const end = await back.waitFor((event) => event.type === "turn-end");
    if (end.type !== "turn-end") throw new Error("unreachable");
    expect(end.message.content).toBe(conversation.messages[1]?.content);
    expect(back.events.every((event) => event.seq > lastSeen)).toBe(true);
    expect(deltas(back.events)).toEqual([]);
    back.close();
  });

  it("keeps generating when every client has gone, and the answer is there on return", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const tab = await openLive(cookie, id);
    expect((await send(cookie, id, "Answer while I am away")).status).toBe(202);
    tab.close();
    const conversation = await settled(cookie, id);
    const answer = conversation.messages.find((message) => message.role === "assistant");
    expect(answer?.status).toBe("complete");
    expect(answer?.content.length).toBeGreaterThan(20);
    // Metered like every inference request, under the visitor.
    const usage = await env.DB.prepare(
      "SELECT user_id, status, completion_tokens FROM usage WHERE model = 'deepseek-chat' AND user_id = (SELECT user_id FROM conversations WHERE id = ?) AND status = 'complete'",
    )
      .bind(id)
      .first<{ status: string; completion_tokens: number }>();
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("a second send while an answer is streaming gets 409 turn_in_progress", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    expect((await send(cookie, id, "First")).status).toBe(202);
    const second = await send(cookie, id, "Second");
    expect(second.status).toBe(409);
    expect((await second.json<{ error: { code: string } }>()).error.code).toBe("turn_in_progress");
    await settled(cookie, id);
  });

  it("stop ends the answer and keeps its partial text as stopped", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const tab = await openLive(cookie, id);
    expect((await send(cookie, id, "Go on and on", pacedEnv({ tps: 20, tokens: 200 }))).status).toBe(202);
    await tab.waitFor(() => deltas(tab.events).length >= 3);
    const stop = await api(cookie, "POST", `/api/conversations/${id}/stop`);
    expect(await stop.json()).toEqual({ stopped: true });
    const end = await tab.waitFor((event) => event.type === "turn-end");
    expect(end).toMatchObject({ status: "stopped" });
    const conversation = await settled(cookie, id);
    const answer = conversation.messages.find((message) => message.role === "assistant")!;
    expect(answer.status).toBe("stopped");
    expect(answer.content.length).toBeGreaterThan(0);
    expect(answer.content).toBe(streamedText(tab.events));
    tab.close();
  });

  it("a provider failing mid-answer stores error with the partial text and tells clients", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const tab = await openLive(cookie, id);
    const dropping = pacedEnv({ tps: 100, tokens: 40, fault: "drop", dropafter: 8 });
    const response = await send(cookie, id, "Fail halfway", dropping);
    expect(response.status).toBe(202);
    const end = await tab.waitFor((event) => event.type === "turn-end");
    if (end.type !== "turn-end") throw new Error("unreachable");
    expect(end.status).toBe("error");
    expect(end.message.error?.code).toBeTruthy();
    const conversation = await settled(cookie, id);
    const answer = conversation.messages.find((message) => message.role === "assistant")!;
    expect(answer.status).toBe("error");
    expect(answer.content.length).toBeGreaterThan(0);
    expect(answer.content).toBe(streamedText(tab.events));
    tab.close();
  });
});

describe("connecting with no live turn", () => {
  it("sends nothing until the next turn starts, for a client that just loaded the conversation", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    await api(cookie, "POST", `/api/conversations/${id}/messages`, {
      content: "An earlier turn",
      model: "deepseek-chat",
    });
    await settled(cookie, id);
    const fresh = await openLive(cookie, id, 0);
    const response = await api(cookie, "POST", `/api/conversations/${id}/messages`, {
      content: "The next turn",
      model: "deepseek-chat",
    });
    expect(response.status).toBe(202);
    await fresh.waitFor((event) => event.type === "turn-end");
    // The earlier turn's title may still arrive (it follows that turn's end): a live title update is
    // welcome; what must not come is any replay of the earlier turn's tokens.
    const start = fresh.events.filter((event) => event.type !== "title")[0];
    if (start?.type !== "turn-start") throw new Error(`expected turn-start first, got ${start?.type}`);
    expect(start.userMessage.content).toBe("The next turn");
    expect(fresh.events.filter((event) => event.type === "turn-start")).toHaveLength(1);
    fresh.close();
  });
});
