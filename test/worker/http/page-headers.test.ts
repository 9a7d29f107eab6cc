import { describe, expect, it } from "vitest";
import { call, createSite } from "../../kit/worker/widget.ts";

/** The headers every page must carry, whatever route rendered it. */
function expectPageHeaders(response: Response, label: string, framing: "none" | "site"): void {
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp, label).toContain("default-src 'self'");
  expect(csp, label).toContain("script-src 'self'");
  expect(csp, label).toContain("object-src 'none'");
  // The service worker and the manifest: same origin only.
  expect(csp, label).toContain("worker-src 'self'");
  expect(csp, label).toContain("manifest-src 'self'");
  expect(response.headers.get("x-content-type-options"), label).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), label).toBe("strict-origin-when-cross-origin");
  if (framing === "none") {
    expect(csp, label).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options"), label).toBe("DENY");
  } else {
    expect(csp, label).not.toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options"), label).toBeNull();
  }
}

describe("page security headers", () => {
  it("every HTML page, including /docs and the HTML error pages, carries CSP, nosniff, no-framing and referrer policy", async () => {
    const pages: Array<[string, number]> = [
      ["/", 200],
      ["/c/some-conversation", 200],
      ["/s/some-share", 200],
      ["/docs", 200],
      ["/no-such-page", 404],
      ["/embed/ws_does-not-exist", 404],
      ["/embed/ws_does-not-exist/theme.css", 404],
      ["/v1-not-an-api-path", 404],
    ];
    for (const [path, status] of pages) {
      const response = await call(path, { headers: { accept: "text/html" } });
      expect(response.status, path).toBe(status);
      expect(response.headers.get("content-type"), path).toContain("text/html");
      expectPageHeaders(response, path, "none");
      await response.body?.cancel();
    }
  });

  it("the embed page keeps its own frame-ancestors (the site's origins) and gets the other headers", async () => {
    const site = await createSite({ allowedOrigins: ["https://shop.example"] });
    const response = await call(`/embed/${site.siteKey}?origin=https://shop.example`);
    expect(response.status).toBe(200);
    expectPageHeaders(response, "embed", "site");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors https://shop.example");
  });

  it("static files are served with nosniff", async () => {
    const response = await call("/favicon.svg");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    await response.body?.cancel();
  });

  it("JSON APIs are not given page headers", async () => {
    const response = await call("/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBeNull();
    await response.body?.cancel();
  });
});
