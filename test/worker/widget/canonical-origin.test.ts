import { describe, expect, it } from "vitest";
import { canonicalOrigin } from "../../../src/sites/origin-pattern.ts";
import { isFromHost } from "../../../src/sites/request-origin.ts";
import { call, createSite, HOST } from "../../kit/worker/widget.ts";

describe("canonical origins", () => {
  it("writes every origin the way browsers put it in Origin and event.origin", () => {
    expect(canonicalOrigin("https://SHOP.example:443")).toBe("https://shop.example");
    expect(canonicalOrigin("HTTP://Shop.Example:80")).toBe("http://shop.example");
    expect(canonicalOrigin("https://shop.example:0443")).toBe("https://shop.example");
    expect(canonicalOrigin("https://shop.example:8443")).toBe("https://shop.example:8443");
    expect(canonicalOrigin("http://[::1]:8787")).toBe("http://[::1]:8787");
    for (const notAnOrigin of [
      "https://shop.example/",
      "https://shop.example/path",
      "https://*.example.com",
      "null",
      "",
    ]) {
      expect(canonicalOrigin(notAnOrigin), notAnOrigin).toBeNull();
    }
  });

  it("the embed page echoes the canonical parent origin, so a loader on https://SHOP.example:443 is heard by the frame", async () => {
    const site = await createSite({ allowedOrigins: ["https://shop.example"] });
    const html = await (
      await call(`/embed/${site.siteKey}?origin=${encodeURIComponent("https://SHOP.example:443")}`)
    ).text();
    expect(html).toContain('data-parent-origin="https://shop.example"');
    const css = await (
      await call(`/embed/${site.siteKey}/theme.css?origin=${encodeURIComponent("HTTPS://Shop.Example")}`)
    ).text();
    expect(css).toContain("--ec-allowed:1");
  });

  it("a request from HOST is recognised whatever the case or default port of its Origin, and garbage never is", async () => {
    const from = (origin: string) => new Request(`${HOST}/api/me`, { headers: { origin } });
    expect(isFromHost(from("HTTP://EDGECHAT.TEST:80"))).toBe(true);
    expect(isFromHost(from("http://edgechat.test"))).toBe(true);
    expect(isFromHost(from("http://edgechat.test.evil.example"))).toBe(false);
    expect(isFromHost(from("null"))).toBe(false);
    // An unparseable Origin on an unparseable host is still not a match.
    expect(isFromHost(new Request("http://odd_host/api/me", { headers: { origin: "odd stuff" } }))).toBe(false);

    const site = await createSite();
    const visitor = await call(`/api/embed/${site.siteKey}/visitor`, {
      method: "POST",
      headers: { origin: "HTTP://EdgeChat.Test:80" },
    });
    expect(visitor.status).toBe(201);
  });
});
