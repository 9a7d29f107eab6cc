import { beforeAll, describe, expect, it } from "vitest";
import { api, newConversation, newVisitor, origin } from "../../kit/worker/site-api.ts";
import { callV1, createKey } from "../../kit/worker/v1.ts";
import { createSite, embedHeaders, issueVisitor, call as widgetCall } from "../../kit/worker/widget.ts";

type ErrorBody = { error: { code: string; requestId?: string } };

let cookie = "";

async function conversationCount(): Promise<number> {
  const response = await api(cookie, "GET", "/api/conversations");
  const body = await response.json<{ conversations: unknown[] }>();
  return body.conversations.length;
}

describe("cookie-authenticated writes", () => {
  beforeAll(async () => {
    cookie = await newVisitor();
  });

  it("a write from another site is refused with 403 in the site API's error shape, and changes nothing", async () => {
    const before = await conversationCount();
    const forged: Array<Record<string, string>> = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: "http://edgechat.test.evil.example" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin, "sec-fetch-site": "cross-site" },
    ];
    for (const headers of forged) {
      const response = await api(cookie, "POST", "/api/conversations", { title: "forged" }, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      const body = await response.json<ErrorBody>();
      expect(body.error.code).toBe("origin_not_allowed");
      expect(body.error).toHaveProperty("requestId");
    }
    const id = await newConversation(cookie);
    const deleted = await api(cookie, "DELETE", `/api/conversations/${id}`, undefined, {
      headers: { origin: "https://evil.example" },
    });
    expect(deleted.status).toBe(403);
    expect(await conversationCount()).toBe(before + 1);
  });

  it("a body that is not JSON is refused with 415, whatever its origin", async () => {
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
    ]) {
      const headers = { origin, ...(contentType ? { "content-type": contentType } : {}) };
      const init = { method: "POST", headers: { cookie, ...headers }, body: '{"title":"x"}' };
      const response = await widgetCall("/api/conversations", init);
      expect(response.status, contentType).toBe(415);
      expect((await response.json<ErrorBody>()).error.code).toBe("unsupported_media_type");
    }
  });

  it("the chat site's own pages may write: same Origin (any case, default port), same-origin fetch metadata, JSON", async () => {
    const ownPages: Array<Record<string, string>> = [
      { origin, "sec-fetch-site": "same-origin" },
      { origin: "HTTP://EDGECHAT.TEST:80" },
      { "sec-fetch-site": "same-origin" },
      { "content-type": "application/json; charset=utf-8", origin },
    ];
    for (const headers of ownPages) {
      const response = await api(cookie, "POST", "/api/conversations", { title: "mine" }, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(201);
    }
    const id = await newConversation(cookie);
    const stopped = await api(cookie, "POST", `/api/conversations/${id}/stop`, undefined, { headers: { origin } });
    expect(stopped.status).toBeLessThan(300);
    const deleted = await api(cookie, "DELETE", `/api/conversations/${id}`, undefined, { headers: { origin } });
    expect(deleted.status).toBe(204);
  });

  it("a client that is not a browser (no Origin, no fetch metadata) is not a forgery and may write JSON", async () => {
    const response = await api(cookie, "POST", "/api/conversations", { title: "script" });
    expect(response.status).toBe(201);
  });

  it("widget-token and API-key requests are not cookie-authenticated and keep working", async () => {
    const site = await createSite();
    const token = await issueVisitor(site.siteKey);
    const created = await widgetCall("/api/conversations", {
      method: "POST",
      headers: embedHeaders(site.siteKey, token),
      body: "{}",
    });
    expect(created.status).toBe(201);
    const key = await createKey();
    const models = await callV1("/models", key.key, { headers: { origin: "https://partner.example" } });
    expect(models.status).toBe(200);
  });
});
