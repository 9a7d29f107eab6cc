import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, getConversation, newConversation, newVisitor, origin, settled } from "../../kit/worker/site-api.ts";

type Recorded = { body: { messages?: Array<{ role: string; content: string }> } | null };

/** The upstream request whose last message is `content` (the simulator records every request it answered). */
async function upstreamMessages(content: string): Promise<Array<{ role: string; content: string }>> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const stats = await (await fetch(`${env.SIMULATOR_URL}/__stats`)).json<{ recent: Recorded[] }>();
    const found = stats.recent.find((entry) => entry.body?.messages?.at(-1)?.content.includes(content));
    if (found?.body?.messages) return found.body.messages;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no upstream request ended with ${content}`);
}

function saveInstructions(cookie: string, customInstructions: string): Promise<Response> {
  return api(cookie, "PUT", "/api/me/settings", { customInstructions }, { headers: { origin } });
}

describe("custom instructions", () => {
  it("are empty until saved, then read back for the same visitor only", async () => {
    const cookie = await newVisitor();
    expect(await (await api(cookie, "GET", "/api/me/settings")).json()).toEqual({ customInstructions: "" });
    const saved = await saveInstructions(cookie, "  I am a botanist. Answer in metric units.  ");
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ customInstructions: "I am a botanist. Answer in metric units." });
    expect(await (await api(cookie, "GET", "/api/me/settings")).json()).toEqual({
      customInstructions: "I am a botanist. Answer in metric units.",
    });
    const stranger = await newVisitor();
    expect(await (await api(stranger, "GET", "/api/me/settings")).json()).toEqual({ customInstructions: "" });
  });

  it("over 2 KB of UTF-8 are refused with a clear 400 naming the field, and nothing is saved", async () => {
    const cookie = await newVisitor();
    await saveInstructions(cookie, "short");
    // 700 three-byte characters: 700 characters, 2100 bytes.
    const response = await saveInstructions(cookie, "语".repeat(700));
    expect(response.status).toBe(400);
    const body = await response.json<{ error: { code: string; param: string; message: string } }>();
    expect(body.error).toMatchObject({ code: "invalid_request", param: "customInstructions" });
    expect(body.error.message).toContain("2 KB");
    expect(body.error.message).toContain("2100 bytes");
    expect(await (await api(cookie, "GET", "/api/me/settings")).json()).toEqual({ customInstructions: "short" });
    // Exactly 2048 bytes is allowed.
    expect((await saveInstructions(cookie, "a".repeat(2048))).status).toBe(200);
  });

  it("a new conversation starts with them as a system message the upstream receives, and shows them", async () => {
    const cookie = await newVisitor();
    await saveInstructions(cookie, "Call me Captain Nemo-41.");
    const id = await newConversation(cookie);
    expect((await getConversation(cookie, id)).instructions).toBe("Call me Captain Nemo-41.");
    const question = `What is my name? ${crypto.randomUUID()}`;
    const sent = await api(cookie, "POST", `/api/conversations/${id}/messages`, {
      content: question,
      model: "deepseek-chat",
    });
    expect(sent.status).toBe(202);
    await settled(cookie, id);
    const messages = await upstreamMessages(question);
    expect(messages[0]?.role).toBe("system");
    expect(messages[0]?.content).toContain("Call me Captain Nemo-41.");
    expect(messages.at(-1)).toEqual({ role: "user", content: question });
  });

  it("changing them reaches new conversations only; earlier ones keep the instructions they started with", async () => {
    const cookie = await newVisitor();
    await saveInstructions(cookie, "Answer like a pirate.");
    const before = await newConversation(cookie);
    await saveInstructions(cookie, "");
    const after = await newConversation(cookie);
    expect((await getConversation(cookie, before)).instructions).toBe("Answer like a pirate.");
    expect((await getConversation(cookie, after)).instructions).toBeNull();
    const question = `No instructions here ${crypto.randomUUID()}`;
    await api(cookie, "POST", `/api/conversations/${after}/messages`, { content: question, model: "deepseek-chat" });
    await settled(cookie, after);
    expect((await upstreamMessages(question)).map((message) => message.role)).toEqual(["user"]);
  });

  it("are part of the visitor's data export and are erased with it", async () => {
    const cookie = await newVisitor();
    await saveInstructions(cookie, "I prefer short answers.");
    const data = await (await api(cookie, "GET", "/api/me/export")).json<{ settings: unknown }>();
    expect(data.settings).toMatchObject({ customInstructions: "I prefer short answers." });
    const { id } = await (await api(cookie, "GET", "/api/me")).json<{ id: string }>();
    expect((await api(cookie, "DELETE", "/api/me", undefined, { headers: { origin } })).status).toBe(204);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM user_settings WHERE user_id = ?")
      .bind(id)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });
});
