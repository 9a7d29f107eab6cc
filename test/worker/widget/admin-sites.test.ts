import { describe, expect, it } from "vitest";
import { adminHeaders } from "../../kit/constants.ts";
import { call, createSite, type SiteBody } from "../../kit/worker/widget.ts";

describe("admin API for widget sites", () => {
  it("registers a site and gives it an unguessable public site key", async () => {
    const response = await call("/admin/api/sites", {
      method: "POST",
      headers: adminHeaders,
      body: JSON.stringify({
        name: "Shop",
        allowedOrigins: ["https://Shop.Example", "https://*.example.com"],
        plan: "pro",
        theme: { position: "left", color: "#ff6600", title: "Ask us", openOnLoad: true },
      }),
    });
    expect(response.status).toBe(201);
    const site = await response.json<SiteBody>();
    expect(site.id).toMatch(/.+/);
    // ws_ + base64url of ≥ 128 random bits (≥ 22 characters).
    expect(site.siteKey).toMatch(/^ws_[A-Za-z0-9_-]{22,}$/);
    expect(site.allowedOrigins).toEqual(["https://shop.example", "https://*.example.com"]);
    expect(site.plan).toBe("pro");
    expect(site.theme).toEqual({ position: "left", color: "#ff6600", title: "Ask us", openOnLoad: true });
    const other = await createSite();
    expect(other.siteKey).not.toBe(site.siteKey);
  });

  it("lists and reads sites, applies defaults, and changes them with PATCH", async () => {
    const site = await createSite({ name: "Docs" });
    expect(site.plan).toBe("free");
    expect(site.theme).toEqual({});

    const list = await (await call("/admin/api/sites", { headers: adminHeaders })).json<{ data: SiteBody[] }>();
    expect(list.data.map((entry) => entry.id)).toContain(site.id);

    const patched = await call(`/admin/api/sites/${site.id}`, {
      method: "PATCH",
      headers: adminHeaders,
      body: JSON.stringify({ name: "Docs site", allowedOrigins: ["https://docs.example"], theme: { color: "#123" } }),
    });
    expect(patched.status).toBe(200);
    const read = await (await call(`/admin/api/sites/${site.id}`, { headers: adminHeaders })).json<SiteBody>();
    expect(read).toMatchObject({
      name: "Docs site",
      siteKey: site.siteKey,
      allowedOrigins: ["https://docs.example"],
      theme: { color: "#123" },
    });
  });

  it("soft-deletes: the site disappears from the API and a second delete is 404", async () => {
    const site = await createSite();
    const deleted = await call(`/admin/api/sites/${site.id}`, { method: "DELETE", headers: adminHeaders });
    expect(deleted.status).toBe(200);
    expect((await call(`/admin/api/sites/${site.id}`, { headers: adminHeaders })).status).toBe(404);
    const list = await (await call("/admin/api/sites", { headers: adminHeaders })).json<{ data: SiteBody[] }>();
    expect(list.data.map((entry) => entry.id)).not.toContain(site.id);
    expect((await call(`/admin/api/sites/${site.id}`, { method: "DELETE", headers: adminHeaders })).status).toBe(404);
    const patch = await call(`/admin/api/sites/${site.id}`, {
      method: "PATCH",
      headers: adminHeaders,
      body: JSON.stringify({ name: "Back" }),
    });
    expect(patch.status).toBe(404);
  });

  it("refuses invalid origins, themes and plans with a 400 naming the field", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: "x", allowedOrigins: ["https://shop.example; script-src *"] }, "allowedOrigins[0]"],
      [{ name: "x", allowedOrigins: [] }, "allowedOrigins"],
      [{ name: "x", allowedOrigins: ["https://a.example"], plan: "platinum" }, "plan"],
      [{ name: "x", allowedOrigins: ["https://a.example"], theme: { color: "red;background:url(x)" } }, "theme.color"],
      [{ name: "x", allowedOrigins: ["https://a.example"], theme: { position: "top" } }, "theme.position"],
      [{ name: "", allowedOrigins: ["https://a.example"] }, "name"],
    ];
    for (const [body, param] of cases) {
      const response = await call("/admin/api/sites", {
        method: "POST",
        headers: adminHeaders,
        body: JSON.stringify(body),
      });
      expect(response.status, param).toBe(400);
      const error = await response.json<{ error: { param: string } }>();
      expect(error.error.param).toBe(param);
    }
  });

  it("needs the admin token", async () => {
    const response = await call("/admin/api/sites", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x", allowedOrigins: ["https://a.example"] }),
    });
    expect(response.status).toBe(401);
    const wrong = await call("/admin/api/sites", { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
  });
});
