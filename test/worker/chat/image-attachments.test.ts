import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dataUrl, decodeImage } from "../../../src/attachments/image-bytes.ts";
import { inputLimits } from "../../../src/conversations/input-limits.ts";
import { api, newConversation, newVisitor, origin, pacedEnv, settled } from "../../kit/worker/site-api.ts";

type Part = { type: string; text?: string; image_url?: { url: string } };
type Recorded = { body: { model?: string; messages?: Array<{ role: string; content: string | Part[] }> } | null };
type ApiErrorBody = { error: { code: string; param: string | null; message: string } };
type SentMessage = { userMessage: { id: string; attachments: Array<{ id: string; name: string; size: number }> } };

// A 1×1 PNG (a valid file: signature, IHDR, IDAT, IEND).
const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const pngBytes = Uint8Array.from(atob(png), (char) => char.charCodeAt(0));

const upstream = pacedEnv({});
// deepseek-v4-pro reads no images (its catalog entry says `vision: false`); this policy lets the free plan use it.
const withProModel: Env = {
  ...upstream,
  ROUTING_POLICY: JSON.stringify({
    plans: { free: { models: ["deepseek-flash", "deepseek-v4-pro"], providers: ["self-hosted"] } },
  }),
};

function send(cookie: string, id: string, body: Record<string, unknown>, onEnv: Env = upstream): Promise<Response> {
  return api(cookie, "POST", `/api/conversations/${id}/messages`, { model: "deepseek-flash", ...body }, { env: onEnv });
}

function image(name: string, content = png, mediaType = "image/png") {
  return { name, mediaType, content };
}

/** The content of the last user message the upstream received whose text contains `marker`. */
async function upstreamContent(marker: string): Promise<string | Part[]> {
  const textOf = (content: string | Part[] | undefined) =>
    typeof content === "string" ? content : (content ?? []).map((part) => part.text ?? "").join("\n");
  for (let attempt = 0; attempt < 50; attempt++) {
    const stats = await (await fetch(`${env.SIMULATOR_URL}/__stats`)).json<{ recent: Recorded[] }>();
    const found = stats.recent.find((entry) => textOf(entry.body?.messages?.at(-1)?.content).includes(marker));
    const last = found?.body?.messages?.at(-1);
    if (last) return last.content;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no upstream request carried ${marker}`);
}

async function r2Key(attachmentId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT r2_key AS key FROM attachments WHERE id = ?")
    .bind(attachmentId)
    .first<{ key: string | null }>();
  return row?.key ?? null;
}

describe("image attachments", () => {
  it("an image sent to a vision model is stored in R2 and reaches the upstream as an image part", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const marker = crypto.randomUUID();
    const response = await send(cookie, id, {
      content: `What colour is this? ${marker}`,
      attachments: [image("dot.png")],
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const { userMessage } = await response.json<SentMessage>();
    expect(userMessage.attachments).toEqual([
      { id: expect.any(String), name: "dot.png", mediaType: "image/png", size: pngBytes.byteLength },
    ]);
    const conversation = await settled(cookie, id);
    const content = await upstreamContent(marker);
    expect(content).toEqual([
      { type: "text", text: `What colour is this? ${marker}` },
      { type: "image_url", image_url: { url: `data:image/png;base64,${png}` } },
    ]);
    const key = await r2Key(userMessage.attachments[0]!.id);
    expect(key).toBe(`conversations/${id}/${userMessage.attachments[0]!.id}`);
    const object = await env.UPLOADS.get(key ?? "");
    expect(new Uint8Array((await object?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(pngBytes);
    // The simulator charges an image as 765 prompt tokens, as edgechat's estimate counts it.
    const answer = conversation.messages.find((message) => message.role === "assistant");
    expect(answer?.usage?.promptTokens).toBeGreaterThanOrEqual(765);
  });

  it("an image is served only to its owner, streamed with its type, privately cached and inert", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const sent = await (await send(cookie, id, { content: "", attachments: [image("mine.png")] })).json<SentMessage>();
    await settled(cookie, id);
    const path = `/api/conversations/${id}/attachments/${sent.userMessage.attachments[0]?.id}`;
    const own = await api(cookie, "GET", path);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("image/png");
    expect(own.headers.get("cache-control")).toContain("private");
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    expect(own.headers.get("content-security-policy")).toContain("sandbox");
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(pngBytes);

    const stranger = await newVisitor();
    expect((await api(stranger, "GET", path)).status).toBe(404);
    const theirs = await newConversation(stranger);
    const viaOwn = `/api/conversations/${theirs}/attachments/${sent.userMessage.attachments[0]?.id}`;
    expect((await api(stranger, "GET", viaOwn)).status).toBe(404);
  });

  it("an image for a model without vision is a 400 naming attachments, and nothing is stored", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const response = await send(
      cookie,
      id,
      { model: "deepseek-v4-pro", content: "look", attachments: [image("a.png")] },
      withProModel,
    );
    expect(response.status).toBe(400);
    const body = await response.json<ApiErrorBody>();
    expect(body.error).toMatchObject({ code: "invalid_request", param: "attachments" });
    expect(body.error.message).toContain("cannot read images");
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM messages WHERE conversation_id = ?").bind(id).first();
    expect(rows).toEqual({ n: 0 });
    expect((await env.UPLOADS.list({ prefix: `conversations/${id}/` })).objects).toEqual([]);
  });

  it("without an UPLOADS bucket images are not offered and are refused with a 400", async () => {
    const { UPLOADS: _bucket, ...rest } = upstream;
    const noBucket = rest as Env;
    const cookie = await newVisitor();
    const me = await (await api(cookie, "GET", "/api/me", undefined, { env: noBucket })).json<{
      imageAttachments: boolean;
    }>();
    expect(me.imageAttachments).toBe(false);
    const models = await (await api(cookie, "GET", "/api/models")).json<{ imageAttachments: boolean }>();
    expect(models.imageAttachments).toBe(true);
    const id = await newConversation(cookie);
    const response = await send(cookie, id, { content: "look", attachments: [image("a.png")] }, noBucket);
    expect(response.status).toBe(400);
    const body = await response.json<ApiErrorBody>();
    expect(body.error).toMatchObject({ code: "invalid_request", param: "attachments" });
    expect(body.error.message).toContain("no storage for uploads");
  });

  it("an image over 5 MiB is a 413 naming it; a file whose bytes are not its image type is a 400", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const big = new Uint8Array(inputLimits.imageBytes + 1);
    big.set(pngBytes);
    let binary = "";
    for (let at = 0; at < big.length; at += 0x8000) binary += String.fromCharCode(...big.subarray(at, at + 0x8000));
    const tooBig = await send(cookie, id, { content: "big", attachments: [image("big.png", btoa(binary))] });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json<ApiErrorBody>()).error).toMatchObject({
      code: "request_too_large",
      param: "attachments[0].content",
    });

    const renamed = await send(cookie, id, { content: "x", attachments: [image("a.jpg", png, "image/jpeg")] });
    expect(renamed.status).toBe(400);
    expect((await renamed.json<ApiErrorBody>()).error).toMatchObject({ param: "attachments[0].content" });
    const notBase64 = await send(cookie, id, { content: "x", attachments: [image("a.png", "not base64!")] });
    expect(notBase64.status).toBe(400);
    const svg = await send(cookie, id, { content: "x", attachments: [image("a.svg", "PHN2Zz4=", "image/svg+xml")] });
    expect(svg.status).toBe(400);
    expect((await svg.json<ApiErrorBody>()).error.param).toBe("attachments[0].mediaType");
    const six = Array.from({ length: 6 }, (_, index) => image(`${index}.png`));
    expect((await send(cookie, id, { content: "six", attachments: six })).status).toBe(400);
    expect((await env.UPLOADS.list({ prefix: `conversations/${id}/` })).objects).toEqual([]);
  });

  it("a later turn on a model without vision names the image instead of sending it", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    await send(cookie, id, { content: "Keep this picture", attachments: [image("kept.png")] }, withProModel);
    await settled(cookie, id);
    const marker = crypto.randomUUID();
    const next = await send(cookie, id, { model: "deepseek-v4-pro", content: `And now? ${marker}` }, withProModel);
    expect(next.status, await next.clone().text()).toBe(202);
    await settled(cookie, id);
    const stats = await (await fetch(`${env.SIMULATOR_URL}/__stats`)).json<{ recent: Recorded[] }>();
    const request = stats.recent.find((entry) => JSON.stringify(entry.body?.messages ?? []).includes(marker));
    const first = request?.body?.messages?.find((message) => message.role === "user");
    expect(typeof first?.content).toBe("string");
    expect(first?.content).toContain("Attached image: kept.png");
  });

  it("exports link images, and deleting the conversation deletes them from R2", async () => {
    const cookie = await newVisitor();
    const id = await newConversation(cookie);
    const sent = await (
      await send(cookie, id, { content: "Exported", attachments: [image("shot.png")] })
    ).json<SentMessage>();
    await settled(cookie, id);
    const attachmentId = sent.userMessage.attachments[0]?.id;
    const url = `/api/conversations/${id}/attachments/${attachmentId}`;
    const markdown = await (await api(cookie, "GET", `/api/conversations/${id}/export?format=md`)).text();
    expect(markdown).toContain(`![shot.png](${url})`);
    const json = await (await api(cookie, "GET", `/api/conversations/${id}/export?format=json`)).json<{
      messages: Array<{ attachments?: Array<Record<string, unknown>> }>;
    }>();
    const files = json.messages.flatMap((message) => message.attachments ?? []);
    expect(files).toEqual([
      { id: attachmentId, name: "shot.png", mediaType: "image/png", size: pngBytes.byteLength, url },
    ]);

    expect((await env.UPLOADS.list({ prefix: `conversations/${id}/` })).objects).toHaveLength(1);
    const deleted = await api(cookie, "DELETE", `/api/conversations/${id}`, undefined, { headers: { origin } });
    expect(deleted.status).toBe(204);
    expect((await env.UPLOADS.list({ prefix: `conversations/${id}/` })).objects).toEqual([]);
  });

  it("an image's bytes survive base64 both ways, across the encoder's slice boundaries", () => {
    const bytes = new Uint8Array(100_003);
    crypto.getRandomValues(bytes.subarray(0, 65_536));
    crypto.getRandomValues(bytes.subarray(65_536));
    bytes.set(pngBytes.subarray(0, 8));
    const url = dataUrl("image/png", bytes.buffer);
    expect(url.startsWith("data:image/png;base64,")).toBe(true);
    expect(decodeImage("image/png", url.slice(url.indexOf(",") + 1), "content")).toEqual(bytes);
  });
});
