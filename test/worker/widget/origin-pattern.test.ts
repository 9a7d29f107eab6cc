import { describe, expect, it } from "vitest";
import {
  allowedOriginSchema,
  frameAncestors,
  originAllowed,
  originMatches,
  parseOriginPattern,
} from "../../../src/sites/origin-pattern.ts";

describe("allowed origins", () => {
  it("accepts exact origins and one leading wildcard label, in canonical form", () => {
    expect(allowedOriginSchema.parse("https://Shop.Example")).toBe("https://shop.example");
    expect(allowedOriginSchema.parse("https://shop.example:443")).toBe("https://shop.example");
    expect(allowedOriginSchema.parse("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    expect(allowedOriginSchema.parse("https://*.example.com")).toBe("https://*.example.com");
  });

  it("refuses anything that is not an origin, including text that could break out of a CSP directive", () => {
    for (const bad of [
      "shop.example",
      "https://shop.example/path",
      "https://shop.example; script-src *",
      "https://shop.example 'unsafe-inline'",
      "*",
      "https://*",
      "https://a.*.example.com",
      "javascript:alert(1)",
      "ftp://shop.example",
      "https://shop.example:99999",
    ]) {
      expect(allowedOriginSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("matches an exact origin only with the same scheme, host and port", () => {
    expect(originMatches("https://shop.example", "https://shop.example")).toBe(true);
    expect(originMatches("https://shop.example:443", "https://shop.example")).toBe(true);
    expect(originMatches("http://shop.example", "https://shop.example")).toBe(false);
    expect(originMatches("https://shop.example:8443", "https://shop.example")).toBe(false);
    expect(originMatches("https://evil-shop.example", "https://shop.example")).toBe(false);
    expect(originMatches("https://shop.example.evil.com", "https://shop.example")).toBe(false);
  });

  it("matches a wildcard on any subdomain depth but not the bare domain or look-alikes", () => {
    const pattern = "https://*.example.com";
    expect(originMatches("https://blog.example.com", pattern)).toBe(true);
    expect(originMatches("https://a.b.example.com", pattern)).toBe(true);
    expect(originMatches("https://example.com", pattern)).toBe(false);
    expect(originMatches("https://evilexample.com", pattern)).toBe(false);
    expect(originMatches("https://example.com.evil.net", pattern)).toBe(false);
    expect(originMatches("http://blog.example.com", pattern)).toBe(false);
    expect(originMatches("https://*.example.com", pattern)).toBe(false);
  });

  it("checks a list and treats null or garbage origins as not allowed", () => {
    const list = ["https://shop.example", "https://*.example.com"];
    expect(originAllowed("https://www.example.com", list)).toBe(true);
    expect(originAllowed("null", list)).toBe(false);
    expect(originAllowed("", list)).toBe(false);
    expect(parseOriginPattern("null")).toBeNull();
  });

  it("writes the list as a frame-ancestors directive, 'none' when empty", () => {
    expect(frameAncestors(["https://shop.example", "https://*.example.com"])).toBe(
      "frame-ancestors https://shop.example https://*.example.com",
    );
    expect(frameAncestors([])).toBe("frame-ancestors 'none'");
  });
});
