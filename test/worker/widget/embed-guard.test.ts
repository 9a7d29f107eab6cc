import { describe, expect, it } from "vitest";
import { adminHeaders } from "../../kit/constants.ts";
import { call, createSite, embedHeaders, HOST, issueVisitor } from "../../kit/worker/widget.ts";

async function errorCode(response: Response): Promise<string> {
  const body = await response.json<{ error: { code: string } }>();
  return body.error.code;
}

describe("widget visitors", () => {
  it("are created only from the embed frame (HOST), for a live site, with the site's plan", async () => {
    const site = await createSite({ plan: "pro" });
    const created = await call(`/api/embed/${site.siteKey}/visitor`, { method: "POST", headers: { origin: HOST } });
    expect(created.status).toBe(201);
    const body = await created.json<{ token: string; plan: string }>();
    expect(body.token).toMatch(/^vt2\./);
    expect(body.plan).toBe("pro");

    const me = await call("/api/me", { headers: embedHeaders(site.siteKey, body.token) });
    expect(me.status).toBe(200);
    expect((await me.json<{ plan: string }>()).plan).toBe("pro");
    expect(me.headers.get("set-cookie")).toBeNull();
  });

  it("cannot be created by another page that copied the site key", async () => {
    const site = await createSite();
    const elsewhere = await call(`/api/embed/${site.siteKey}/visitor`, {
      method: "POST",
      headers: { origin: "https://shop.example" },
    });
    expect(elsewhere.status).toBe(403);
    expect(await errorCode(elsewhere)).toBe("origin_not_allowed");
    const noOrigin = await call(`/api/embed/${site.siteKey}/visitor`, { method: "POST" });
    expect(noOrigin.status).toBe(403);
  });

  it("cannot be created for an unknown or deleted site", async () => {
    const site = await createSite();
    await call(`/admin/api/sites/${site.id}`, { method: "DELETE", headers: adminHeaders });
    const deleted = await call(`/api/embed/${site.siteKey}/visitor`, { method: "POST", headers: { origin: HOST } });
    expect(deleted.status).toBe(403);
    expect(await errorCode(deleted)).toBe("site_unavailable");
  });
});

describe("site API calls carrying a site key", () => {
  it("work from the embed frame, including same-origin GETs that browsers send without Origin", async () => {
    const site = await createSite();
    const token = await issueVisitor(site.siteKey);
    const { origin: _omitted, ...withoutOrigin } = embedHeaders(site.siteKey, token);
    const list = await call("/api/conversations", { headers: { ...withoutOrigin, "sec-fetch-site": "same-origin" } });
    expect(list.status).toBe(200);
  });

  it("get nothing from another origin, even with a valid key and token", async () => {
    const site = await createSite();
    const token = await issueVisitor(site.siteKey);
    const response = await call("/api/conversations", {
      method: "POST",
      headers: embedHeaders(site.siteKey, token, "https://shop.example"),
      body: "{}",
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("origin_not_allowed");
    const { origin: _omitted, ...withoutOrigin } = embedHeaders(site.siteKey, token);
    const crossSite = await call("/api/conversations", {
      headers: { ...withoutOrigin, "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    const server = await call("/api/conversations", { headers: withoutOrigin });
    expect(server.status).toBe(403);
  });

  it("get nothing with the key alone: a visitor token of that site is required", async () => {
    const site = await createSite();
    const response = await call("/api/conversations", {
      headers: { origin: HOST, "x-edgechat-site-key": site.siteKey },
    });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe("visitor_token_required");
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("stop working once the site is deleted", async () => {
    const site = await createSite();
    const token = await issueVisitor(site.siteKey);
    await call(`/admin/api/sites/${site.id}`, { method: "DELETE", headers: adminHeaders });
    const response = await call("/api/conversations", { headers: embedHeaders(site.siteKey, token) });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("site_unavailable");
    const live = await call("/api/conversations/x/live", {
      headers: { origin: HOST, upgrade: "websocket", "sec-websocket-protocol": `edgechat, edgechat.token.${token}` },
    });
    expect(live.status).toBe(403);
  });
});

describe("cross-site isolation", () => {
  it("a visitor token of one site does not work with another site's key", async () => {
    const siteA = await createSite({ name: "A" });
    const siteB = await createSite({ name: "B" });
    const tokenA = await issueVisitor(siteA.siteKey);
    const response = await call("/api/conversations", { headers: embedHeaders(siteB.siteKey, tokenA) });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("site_mismatch");
  });

  it("one site's visitor cannot list or read another site's conversations", async () => {
    const siteA = await createSite({ name: "A" });
    const siteB = await createSite({ name: "B" });
    const tokenA = await issueVisitor(siteA.siteKey);
    const tokenB = await issueVisitor(siteB.siteKey);
    const created = await call("/api/conversations", {
      method: "POST",
      headers: embedHeaders(siteA.siteKey, tokenA),
      body: JSON.stringify({ title: "A's secret" }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json<{ id: string }>();

    const read = await call(`/api/conversations/${id}`, { headers: embedHeaders(siteB.siteKey, tokenB) });
    expect(read.status).toBe(404);
    const list = await call("/api/conversations", { headers: embedHeaders(siteB.siteKey, tokenB) });
    expect(JSON.stringify(await list.json())).not.toContain("A's secret");
    // And a chat-site visitor (cookie identity) cannot reach it either.
    expect((await call(`/api/conversations/${id}`)).status).toBe(404);
    const own = await call(`/api/conversations/${id}`, { headers: embedHeaders(siteA.siteKey, tokenA) });
    expect(own.status).toBe(200);
  });

  it("a changed site plan applies to the site's existing visitors", async () => {
    const site = await createSite({ plan: "free" });
    const token = await issueVisitor(site.siteKey);
    await call(`/admin/api/sites/${site.id}`, {
      method: "PATCH",
      headers: adminHeaders,
      body: JSON.stringify({ plan: "pro" }),
    });
    const me = await call("/api/me", { headers: embedHeaders(site.siteKey, token) });
    expect((await me.json<{ plan: string }>()).plan).toBe("pro");
  });
});
