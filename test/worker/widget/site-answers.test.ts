import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { noInventionRule } from "../../../src/sites/knowledge/site-prompt.ts";
import {
  addKnowledge,
  askWidget,
  call,
  createSite,
  HOST,
  patchSite,
  upstreamMessagesFor,
  widgetVisitor,
} from "../../kit/worker/widget.ts";

const openingHours =
  "Rosa's Bakery opens Tuesday to Saturday from 7 to 15h. On Sundays and Mondays the bakery is closed for baking classes.";
const glutenFree = "Every Thursday we bake a gluten-free buckwheat loaf; order it by Wednesday noon.";

function unique(question: string): string {
  return `${question} (${crypto.randomUUID().slice(0, 8)})`;
}

describe("a widget answer knows the owner's business", () => {
  it("the owner's instructions reach the upstream as the system message", async () => {
    const site = await createSite({ name: "Rosa's Bakery" });
    await patchSite(site.id, { instructions: "Always answer in the voice of a cheerful baker named Rosa." });
    const question = unique("Hello there!");
    await askWidget(await widgetVisitor(site.siteKey), question);
    const messages = await upstreamMessagesFor(question);
    expect(messages[0]?.role).toBe("system");
    expect(messages[0]?.content).toContain("Always answer in the voice of a cheerful baker named Rosa.");
    expect(messages[0]?.content).toContain("Rosa's Bakery");
    expect(messages.at(-1)).toEqual({ role: "user", content: question });
  });

  it("the chunk that answers the question reaches the upstream, and the answer cites its source", async () => {
    const site = await createSite();
    await addKnowledge(site.id, { title: "Opening hours", text: openingHours });
    await addKnowledge(site.id, { title: "Gluten-free", text: glutenFree });
    const question = unique("Are you open on Sundays?");
    const messages = await askWidget(await widgetVisitor(site.siteKey), question);
    const system = (await upstreamMessagesFor(question))[0]?.content ?? "";
    expect(system).toContain(openingHours);
    expect(system).toContain("[1] Opening hours");
    expect(system).not.toContain("buckwheat");
    expect(system).toContain(noInventionRule);

    const answer = messages.find((message) => message.role === "assistant");
    expect(answer?.sources).toEqual([
      { ref: 1, title: "Opening hours", url: expect.stringMatching(/^\/embed\/knowledge\//) },
    ]);
    // The cited link opens the document as a page of ours, escaped, under a CSP that lets nothing run.
    const page = await call(answer?.sources?.[0]?.url ?? "");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await page.text()).toContain("Rosa&#39;s Bakery opens Tuesday to Saturday");
  });

  it("an unrelated question gets no chunk, and the model is told nothing matched and not to invent", async () => {
    const site = await createSite();
    await addKnowledge(site.id, { title: "Opening hours", text: openingHours });
    const question = unique("Can you recommend a good bicycle?");
    const messages = await askWidget(await widgetVisitor(site.siteKey), question);
    const system = (await upstreamMessagesFor(question))[0]?.content ?? "";
    expect(system).not.toContain(openingHours);
    expect(system).toContain("nothing in the site's knowledge base matches this question");
    expect(system).toContain(noInventionRule);
    expect(messages.find((message) => message.role === "assistant")?.sources).toEqual([]);
  });

  it("one site never retrieves another site's knowledge", async () => {
    const owner = await createSite();
    const other = await createSite();
    await addKnowledge(owner.id, { title: "Opening hours", text: openingHours });
    const question = unique("When are you open on Tuesday?");
    await askWidget(await widgetVisitor(other.siteKey), question);
    expect((await upstreamMessagesFor(question))[0]?.content).not.toContain(openingHours);
  });

  it("a document link with a wrong signature, or of a deleted document, is a 404", async () => {
    const site = await createSite();
    await addKnowledge(site.id, { title: "Opening hours", text: openingHours });
    const messages = await askWidget(await widgetVisitor(site.siteKey), unique("Opening hours on Saturday?"));
    const url = messages.find((message) => message.role === "assistant")?.sources?.[0]?.url ?? "";
    expect((await call(url.replace(/sig=.*/, "sig=forged"))).status).toBe(404);
    const docId = decodeURIComponent(url.split("/")[3]?.split("?")[0] ?? "");
    await env.DB.prepare("DELETE FROM knowledge_docs WHERE id = ?").bind(docId).run();
    expect((await call(url)).status).toBe(404);
  });

  it("the chat site's own turns get no site prompt", async () => {
    const { api, newConversation, newVisitor, settled } = await import("../../kit/worker/site-api.ts");
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const question = unique("Are you open on Sundays?");
    await api(cookie, "POST", `/api/conversations/${id}/messages`, { content: question, model: "deepseek-chat" });
    await settled(cookie, id);
    expect((await upstreamMessagesFor(question)).map((message) => message.role)).toEqual(["user"]);
  });

  it("the live stream names the sources before the answer's first words, and the final message keeps them", async () => {
    const site = await createSite();
    await addKnowledge(site.id, { title: "Opening hours", text: openingHours });
    const visitor = await widgetVisitor(site.siteKey);
    const token = visitor.headers.authorization?.slice("Bearer ".length) ?? "";
    const upgraded = await exports.default.fetch(`${HOST}/api/conversations/${visitor.conversationId}/live`, {
      headers: { upgrade: "websocket", origin: HOST, "sec-websocket-protocol": `edgechat, edgechat.token.${token}` },
    });
    const socket = upgraded.webSocket;
    if (!socket) throw new Error("no websocket");
    socket.accept();
    const events: Array<{ type: string; sources?: unknown; message?: { sources?: unknown } }> = [];
    const ended = new Promise<void>((resolve) => {
      socket.addEventListener("message", (message) => {
        events.push(JSON.parse(String(message.data)));
        if (String(message.data).includes('"turn-end"')) resolve();
      });
    });
    const sent = await call(`/api/conversations/${visitor.conversationId}/messages`, {
      method: "POST",
      headers: visitor.headers,
      body: JSON.stringify({ content: unique("Are you open on Saturday?"), model: "deepseek-chat" }),
    });
    expect(sent.status).toBe(202);
    await ended;
    socket.close(1000, "done");
    const types = events.map((event) => event.type);
    const sources = events.find((event) => event.type === "sources")?.sources;
    expect(sources).toEqual([{ ref: 1, title: "Opening hours", url: expect.stringMatching(/^\/embed\/knowledge\//) }]);
    expect(types.indexOf("sources")).toBeLessThan(types.indexOf("text-delta"));
    expect(events.find((event) => event.type === "turn-end")?.message?.sources).toEqual(sources);
  });
});
