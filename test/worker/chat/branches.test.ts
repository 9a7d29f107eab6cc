import { describe, expect, it } from "vitest";
import type { Message } from "../../../src/conversations/types.ts";
import { api, newConversation, newVisitor, settled } from "../../kit/worker/site-api.ts";

async function send(cookie: string, id: string, body: Record<string, unknown>) {
  const response = await api(cookie, "POST", `/api/conversations/${id}/messages`, { model: "deepseek-chat", ...body });
  expect(response.status).toBe(202);
  const accepted = await response.json<{ userMessage: Message; assistantMessageId: string }>();
  await settled(cookie, id);
  return accepted;
}

describe("branches", () => {
  it("regenerate answers the same question again as a sibling; the earlier answer stays reachable", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const first = await send(cookie, id, { content: "Name a colour" });
    const response = await api(cookie, "POST", `/api/conversations/${id}/regenerate`, {});
    expect(response.status).toBe(202);
    const regenerated = await response.json<{ assistantMessageId: string; turnId: string }>();
    const conversation = await settled(cookie, id);
    const answers = conversation.messages.filter((message) => message.role === "assistant");
    expect(answers.map((message) => message.id)).toEqual([first.assistantMessageId, regenerated.assistantMessageId]);
    expect(answers.every((message) => message.parentId === first.userMessage.id && message.status === "complete")).toBe(
      true,
    );
    expect(conversation.currentLeafId).toBe(regenerated.assistantMessageId);

    // Switching back to the first answer is a PATCH of the current leaf.
    const switched = await api(cookie, "PATCH", `/api/conversations/${id}`, {
      currentLeafId: first.assistantMessageId,
    });
    expect(await switched.json()).toMatchObject({ currentLeafId: first.assistantMessageId });
  });

  it("editing a message and re-sending starts a new branch; the old branch keeps its ids", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const first = await send(cookie, id, { content: "Original question" });
    const followUp = await send(cookie, id, { content: "Follow-up" });
    expect(followUp.userMessage.parentId).toBe(first.assistantMessageId);

    // The edited follow-up goes under the same parent as the original follow-up.
    const edited = await send(cookie, id, { content: "Edited follow-up", parentId: first.assistantMessageId });
    const conversation = await settled(cookie, id);
    const siblings = conversation.messages.filter((message) => message.parentId === first.assistantMessageId);
    expect(siblings.map((message) => message.content)).toEqual(["Follow-up", "Edited follow-up"]);
    expect(conversation.messages.some((message) => message.id === followUp.assistantMessageId)).toBe(true);
    expect(conversation.currentLeafId).toBe(edited.assistantMessageId);

    // Editing the very first message: a new root.
    const root = await send(cookie, id, { content: "A different start", parentId: null });
    expect(root.userMessage.parentId).toBeNull();
    const after = await settled(cookie, id);
    expect(after.messages.filter((message) => message.parentId === null)).toHaveLength(2);
  });
});
