import { describe, expect, it } from "vitest";
import { adminHeaders } from "../../kit/constants.ts";
import { call, createSite } from "../../kit/worker/widget.ts";

describe("GET /embed/:siteKey", () => {
  it("can be framed only by the site's allowed origins, under our strict page policy", async () => {
    const site = await createSite({ allowedOrigins: ["https://shop.example", "https://*.example.com"] });
    const response = await call(`/embed/${site.siteKey}?origin=https://shop.example`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors https://shop.example https://*.example.com");
    expect(csp).not.toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get("x-frame-options")).toBeNull();
    const html = await response.text();
    expect(html).toContain('src="/assets/embed.js"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/<style|style="/);
    expect(html).toContain(`data-site-key="${site.siteKey}"`);
    expect(html).toContain('data-parent-origin="https://shop.example"');
  });

  it("only trusts a claimed parent origin the site allows (it is where the frame posts messages)", async () => {
    const site = await createSite({ allowedOrigins: ["https://*.example.com"] });
    const allowed = await (await call(`/embed/${site.siteKey}?origin=https://blog.example.com`)).text();
    expect(allowed).toContain('data-parent-origin="https://blog.example.com"');
    const refused = await (await call(`/embed/${site.siteKey}?origin=https://evil.test`)).text();
    expect(refused).toContain('data-parent-origin=""');
  });

  it("shows the stored theme, page overrides win, and everything is escaped", async () => {
    const site = await createSite({ theme: { title: "Ask <Shop>", greeting: "Hello!", placeholder: "Ask away" } });
    const html = await (await call(`/embed/${site.siteKey}`)).text();
    expect(html).toContain('data-title="Ask &#60;Shop&#62;"');
    expect(html).toContain('data-greeting="Hello!"');
    const overridden = await (
      await call(`/embed/${site.siteKey}?greeting=${encodeURIComponent('Hi "there"')}&placeholder=Question%3F`)
    ).text();
    expect(overridden).toContain('data-greeting="Hi &#34;there&#34;"');
    expect(overridden).toContain('data-placeholder="Question?"');
    expect(overridden).toContain('data-title="Ask &#60;Shop&#62;"');
  });

  it("answers a plain 404 page, unframable, for an unknown or a deleted site key", async () => {
    const unknown = await call("/embed/ws_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("text/html");
    expect(unknown.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await unknown.text()).not.toContain("embed.js");
    expect((await call("/embed/not-a-key")).status).toBe(404);

    const site = await createSite();
    expect((await call(`/embed/${site.siteKey}`)).status).toBe(200);
    await call(`/admin/api/sites/${site.id}`, { method: "DELETE", headers: adminHeaders });
    const deleted = await call(`/embed/${site.siteKey}`);
    expect(deleted.status).toBe(404);
    expect(deleted.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("follows allowed-origin changes at once", async () => {
    const site = await createSite({ allowedOrigins: ["https://old.example"] });
    await call(`/embed/${site.siteKey}`);
    await call(`/admin/api/sites/${site.id}`, {
      method: "PATCH",
      headers: adminHeaders,
      body: JSON.stringify({ allowedOrigins: ["https://new.example"] }),
    });
    const csp = (await call(`/embed/${site.siteKey}`)).headers.get("content-security-policy");
    expect(csp).toContain("frame-ancestors https://new.example");
    expect(csp).not.toContain("old.example");
  });
});

describe("GET /embed/:siteKey/theme.css", () => {
  it("gives the loader the site's colour, side and open-on-load flag, with the page's overrides", async () => {
    const site = await createSite({ theme: { color: "#ff6600", position: "left", openOnLoad: true } });
    const stored = await call(`/embed/${site.siteKey}/theme.css`);
    expect(stored.status).toBe(200);
    expect(stored.headers.get("content-type")).toContain("text/css");
    const css = await stored.text();
    expect(css).toContain("--ec-color:#ff6600");
    expect(css).toContain("--ec-left:20px");
    expect(css).toContain("--ec-open-on-load:1");
    expect(css).toContain(".launcher");

    const overridden = await (await call(`/embed/${site.siteKey}/theme.css?color=%23112233&position=right`)).text();
    expect(overridden).toContain("--ec-color:#112233");
    expect(overridden).toContain("--ec-right:20px");
  });

  it("tells the loader whether the page's origin is one the site allows", async () => {
    const site = await createSite({ allowedOrigins: ["https://*.example.com"] });
    const allowed = await (await call(`/embed/${site.siteKey}/theme.css?origin=https://www.example.com`)).text();
    expect(allowed).toContain("--ec-allowed:1");
    const other = await (await call(`/embed/${site.siteKey}/theme.css?origin=https://evil.test`)).text();
    expect(other).toContain("--ec-allowed:0");
    expect(await (await call(`/embed/${site.siteKey}/theme.css`)).text()).toContain("--ec-allowed:0");
  });

  it("ignores overrides that are not a plain colour or side, so nothing can be injected into the CSS", async () => {
    const site = await createSite();
    const css = await (
      await call(`/embed/${site.siteKey}/theme.css?color=${encodeURIComponent("red}body{display:none")}&position=top`)
    ).text();
    expect(css).toContain("--ec-color:#0b57d0");
    expect(css).not.toContain("display:none}");
    expect(css).toContain("--ec-right:20px");
  });
});
