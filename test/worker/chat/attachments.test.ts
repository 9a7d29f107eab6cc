import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../../src/app.ts";
import { withFiles } from "../../../src/attachments/attachment-prompt.ts";
import { inputLimits } from "../../../src/conversations/input-limits.ts";
import { bodyLimits } from "../../../src/http/body-limit.ts";
import { api, getConversation, newConversation, newVisitor, origin, settled } from "../../kit/worker/site-api.ts";

type Recorded = { body: { messages?: Array<{ role: string; content: string }> } | null };
type ApiErrorBody = { error: { code: string; param: string | null; message: string } };

function send(cookie: string, id: string, body: Record<string, unknown>): Promise<Response> {
  return api(cookie, "POST", `/api/conversations/${id}/messages`, { model: "deepseek-chat", ...body });
}

function file(name: string, content: string, mediaType = "text/plain") {
  return { name, mediaType, content };
}

/** The last user message the upstream received containing `marker`. */
async function upstreamUserMessage(marker: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const stats = await (await fetch(`${env.SIMULATOR_URL}/__stats`)).json<{ recent: Recorded[] }>();
    const found = stats.recent.find((entry) => entry.body?.messages?.at(-1)?.content.includes(marker));
    const last = found?.body?.messages?.at(-1);
    if (last) return last.content;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no upstream request carried ${marker}`);
}

async function rowCount(sql: string, value: string): Promise<number> {
  return (await env.DB.prepare(sql).bind(value).first<{ n: number }>())?.n ?? -1;
}

describe("attachments", () => {
  it("a text file is sent with the message, reaches the upstream, and is listed on the message", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const marker = crypto.randomUUID();
    const code = `export const answer = "${marker}";\n`;
    const response = await send(cookie, id, {
      content: "What does this file export?",
      attachments: [file("answer.ts", code, "text/x-typescript")],
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const { userMessage } = await response.json<{ userMessage: { attachments: unknown[] } }>();
    expect(userMessage.attachments).toEqual([
      { id: expect.any(String), name: "answer.ts", mediaType: "text/x-typescript", size: code.length },
    ]);
    await settled(cookie, id);
    const prompt = await upstreamUserMessage(marker);
    expect(prompt).toContain("What does this file export?");
    expect(prompt).toContain("answer.ts");
    expect(prompt).toContain(code.trim());
    const conversation = await getConversation(cookie, id);
    const stored = conversation.messages.find((message) => message.role === "user");
    expect(stored?.content).toBe("What does this file export?");
    expect(stored?.attachments?.map((attachment) => attachment.name)).toEqual(["answer.ts"]);
  });

  it("a file's content is read only through its owner's conversation", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const response = await send(cookie, id, { content: "", attachments: [file("notes.md", "# Private notes")] });
    expect(response.status).toBe(202);
    const attachment = (await response.json<{ userMessage: { attachments: Array<{ id: string }> } }>()).userMessage
      .attachments[0];
    await settled(cookie, id);
    const path = `/api/conversations/${id}/attachments/${attachment?.id}`;
    const own = await api(cookie, "GET", path);
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toContain("no-store");
    expect(await own.json()).toMatchObject({ name: "notes.md", mediaType: "text/plain", content: "# Private notes" });

    const stranger = await newVisitor();
    const theirs = await api(stranger, "GET", path);
    expect(theirs.status).toBe(404);
    // Their own conversation does not open someone else's file either.
    const strangerConversation = await newConversation(stranger);
    const viaOwn = await api(
      stranger,
      "GET",
      `/api/conversations/${strangerConversation}/attachments/${attachment?.id}`,
    );
    expect(viaOwn.status).toBe(404);
  });

  it("at most five files per message: a sixth is a 400 naming attachments, and nothing is stored", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const six = Array.from({ length: 6 }, (_, index) => file(`f${index}.txt`, `file ${index}`));
    const response = await send(cookie, id, { content: "six files", attachments: six });
    expect(response.status).toBe(400);
    const body = await response.json<ApiErrorBody>();
    expect(body.error).toMatchObject({ code: "invalid_request", param: "attachments" });
    expect(body.error.message).toContain("at most 5 files");
    expect(await rowCount("SELECT count(*) AS n FROM messages WHERE conversation_id = ?", id)).toBe(0);
  });

  it("a file over 512 KiB is a 413 naming it; exactly 512 KiB is accepted", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const tooBig = await send(cookie, id, {
      content: "big",
      attachments: [file("small.txt", "ok"), file("big.log", "x".repeat(inputLimits.attachmentBytes + 1))],
    });
    expect(tooBig.status).toBe(413);
    const body = await tooBig.json<ApiErrorBody>();
    expect(body.error).toMatchObject({ code: "request_too_large", param: "attachments[1].content" });
    expect(body.error.message).toContain("big.log");
    expect(await rowCount("SELECT count(*) AS n FROM attachments WHERE conversation_id = ?", id)).toBe(0);

    // A file of exactly 512 KiB passes the size check (what stops it on the free plan is the context window).
    const atLimit = await send(cookie, id, {
      content: "fits",
      attachments: [file("edge.log", "y".repeat(inputLimits.attachmentBytes))],
    });
    expect((await atLimit.json<ApiErrorBody>()).error.code).toBe("context_length_exceeded");
  });

  it("binary files and non-text types are refused with a clear 400", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const binary = await send(cookie, id, { content: "x", attachments: [file("a.txt", "PK\u0003\u0004\u0000\u0000")] });
    expect(binary.status).toBe(400);
    expect((await binary.json<ApiErrorBody>()).error.message).toContain("not text");
    const pdf = await send(cookie, id, { content: "x", attachments: [file("a.pdf", "%PDF-1.7", "application/pdf")] });
    expect(pdf.status).toBe(400);
    expect((await pdf.json<ApiErrorBody>()).error.param).toBe("attachments[0].mediaType");
  });

  it("files too large for the model's context window are refused before anything is stored", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    // The free plan reads 64k tokens, 8k of them kept for the answer: three 100 KB files (~75k tokens) do not fit.
    const three = Array.from({ length: 3 }, (_, index) => file(`part${index}.txt`, "z".repeat(100_000)));
    const response = await send(cookie, id, { content: "Summarise all of this", attachments: three });
    expect(response.status).toBe(400);
    const body = await response.json<ApiErrorBody>();
    expect(body.error).toMatchObject({ code: "context_length_exceeded", param: "attachments" });
    expect(body.error.message).toMatch(/about \d+ tokens/);
    expect(await rowCount("SELECT count(*) AS n FROM messages WHERE conversation_id = ?", id)).toBe(0);
  });

  it("the send body limit rises to fit five files but still caps a chunked upload as it streams in", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    let pulled = 0;
    const filler = new TextEncoder().encode("x".repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled += filler.byteLength;
          controller.enqueue(filler);
        },
      },
      { highWaterMark: 0 },
    );
    const init = {
      method: "POST",
      headers: { cookie, origin, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit;
    const response = await app.request(
      `${origin}/api/conversations/${id}/messages`,
      init,
      env,
      createExecutionContext(),
    );
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(bodyLimits.send + 2 * filler.byteLength);
    // Other site writes keep the small limit.
    expect(bodyLimits.default).toBe(64 * 1024);
  });

  it("exports carry the files in full: the conversation's Markdown and JSON, and the visitor's data", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const content = "name,score\nada,10\n";
    expect(
      (await send(cookie, id, { content: "Sum the scores", attachments: [file("scores.csv", content, "text/csv")] }))
        .status,
    ).toBe(202);
    await settled(cookie, id);
    const markdown = await (await api(cookie, "GET", `/api/conversations/${id}/export?format=md`)).text();
    expect(markdown).toContain("Attached file: scores.csv");
    expect(markdown).toContain(content.trim());
    const json = await (await api(cookie, "GET", `/api/conversations/${id}/export?format=json`)).json<{
      messages: Array<{ attachments?: Array<{ name: string; content: string }> }>;
    }>();
    expect(json.messages.flatMap((message) => message.attachments ?? [])).toMatchObject([
      { name: "scores.csv", content },
    ]);
    const data = await (await api(cookie, "GET", "/api/me/export")).json<{
      conversations: Array<{ messages: Array<{ attachments?: Array<{ content: string }> }> }>;
    }>();
    const files = data.conversations.flatMap((conversation) =>
      conversation.messages.flatMap((message) => message.attachments ?? []),
    );
    expect(files.map((entry) => entry.content)).toEqual([content]);
  });

  it("deleting the conversation deletes its files", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    await send(cookie, id, { content: "keep?", attachments: [file("a.txt", "temporary")] });
    await settled(cookie, id);
    expect(await rowCount("SELECT count(*) AS n FROM attachments WHERE conversation_id = ?", id)).toBe(1);
    expect((await api(cookie, "DELETE", `/api/conversations/${id}`, undefined, { headers: { origin } })).status).toBe(
      204,
    );
    expect(await rowCount("SELECT count(*) AS n FROM attachments WHERE conversation_id = ?", id)).toBe(0);
  });

  it("the model reads each file after the text, named and fenced; a file with its own fences cannot end the block", () => {
    const readme = "# Title\n\n```js\nconsole.log(1)\n```\n";
    const prompt = withFiles("Review these", [
      { name: "README.md", content: readme },
      { name: "a.txt", content: "plain" },
    ]);
    expect(prompt).toBe(
      `Review these\n\nAttached file: README.md\n\`\`\`\`\n${readme}\n\`\`\`\`\n\nAttached file: a.txt\n\`\`\`\nplain\n\`\`\``,
    );
    expect(withFiles("", [{ name: "only.txt", content: "x" }])).toBe("Attached file: only.txt\n```\nx\n```");
  });
});
