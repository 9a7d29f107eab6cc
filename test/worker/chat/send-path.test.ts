import { describe, expect, it } from "vitest";
import { api, newConversation, newVisitor, pacedEnv, settled } from "../../kit/worker/site-api.ts";

// About two seconds per answer: long enough to act mid-answer even on a busy machine.
const slow = pacedEnv({ tps: 40, tokens: 80 });

function send(cookie: string, id: string, content: string) {
  return api(cookie, "POST", `/api/conversations/${id}/messages`, { content, model: "deepseek-chat" }, { env: slow });
}

// The send path checks ownership inside the conversation's object (not in the Worker first), at the same time
// as the rate-limit charge: these pin down that a stranger still learns nothing and pays nothing.
describe("sending into someone else's conversation", () => {
  it("is a 404, not a 409, while its owner's answer is streaming", async () => {
    const alice = await newVisitor();
    const mallory = await newVisitor();
    const id = await newConversation(alice);
    expect((await send(alice, id, "A long answer, please")).status).toBe(202);

    const intrusion = await send(mallory, id, "hi");
    expect(intrusion.status).toBe(404);
    expect((await intrusion.json<{ error: { code: string } }>()).error.code).toBe("not_found");
    const regenerate = await api(mallory, "POST", `/api/conversations/${id}/regenerate`, {}, { env: slow });
    expect(regenerate.status).toBe(404);
    // The owner, meanwhile, is told the truth.
    expect((await send(alice, id, "Another")).status).toBe(409);
    await settled(alice, id);
  });

  it("is not charged to the sender's message limit", async () => {
    const alice = await newVisitor();
    const mallory = await newVisitor();
    const id = await newConversation(alice);
    // More refused attempts than the free tier's 10 messages a minute.
    for (let attempt = 0; attempt < 11; attempt++) {
      expect((await send(mallory, id, `attempt ${attempt}`)).status).toBe(404);
    }
    const own = await newConversation(mallory);
    expect((await send(mallory, own, "my own question")).status).toBe(202);
    await settled(mallory, own);
  });

  it("with an id that cannot be a conversation is the same 404", async () => {
    const cookie = await newVisitor();
    const response = await send(cookie, "x".repeat(65), "hi");
    expect(response.status).toBe(404);
  });
});
